package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Clock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho callback of one simulated car: records owner warnings and logs a lost connection. Publish
 * completions are handled by the per-publish action listeners, not here.
 *
 * <p>Threading: called on the car's Paho callback thread; {@link #messageArrived} stays tiny (a small JSON
 * parse and a queue add) so the client's receive path never stalls.
 */
final class VehicleCallback implements MqttCallback {
    static final Logger LOG = LoggerFactory.getLogger("dev.telematics.simulator");

    private final Vin vin;
    private final Clock clock;
    private final SimulatorCounters counters;
    private final SimulatorListener listener;

    VehicleCallback(Vin vin, Clock clock, SimulatorCounters counters, SimulatorListener listener) {
        this.vin = vin;
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (topic.endsWith("/warnings")) {
            warning(message.getPayload());
        }
    }

    /** Records and reports one warning payload (any transport's thread). */
    void warning(byte[] payload) {
        ReceivedWarning w = ReceivedWarning.parse(vin.value(), payload, clock.millis());
        counters.warning(w);
        try {
            listener.onWarning(w);
        } catch (RuntimeException e) {
            LOG.warn("{}: warning listener failed", vin, e);
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        LOG.warn("{}: connection lost: {}", vin, response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("{}: MQTT error", vin, exception);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // counted by the publish's action listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // connect() waits for its token
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
