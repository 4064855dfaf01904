package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.util.function.Consumer;

/**
 * One simulated car's MQTT connection, whatever the client library. Both implementations send the
 * same bytes on the same topics with the same QoS.
 *
 * <p>Threading: {@link #connect} and {@link #close} run on the simulator's connect pool and block;
 * {@link #publish} is called by the publish scheduler, never blocks and never throws; the warning
 * handler and ticket settlements run on the library's threads.
 */
interface CarConnection {

    /**
     * Connects as {@code vin} (client id), subscribes to {@code vehicles/{VIN}/warnings} and
     * {@code vehicles/{VIN}/commands} with QoS 1 (one SUBSCRIBE), hands every warning payload to
     * {@code onWarning} and answers every command request with {@code onCommand}'s answer, published to
     * the request's response topic with its correlation data (MQTT 5 request/response). Returns the
     * broker's receive maximum.
     *
     * @throws Exception when the car cannot connect or subscribe within the connect timeout
     */
    int connect(Vin vin, Consumer<byte[]> onWarning, CarCommands onCommand) throws Exception;

    /** Publishes; settles {@code ticket} when the broker acknowledged (QoS 1) or the bytes were written (QoS 0). */
    void publish(String topic, byte[] payload, int qos, PublishWindow.Ticket ticket);

    /** Disconnects and releases the connection's resources. Never throws. */
    void close();

    static CarConnection of(SimulatorOptions options) {
        return options.transport() == SimulatorOptions.Transport.HIVEMQ ? new HiveMqConnection(options)
                : new PahoConnection(options);
    }
}
