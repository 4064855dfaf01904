package dev.telematics.simulator;

import dev.telematics.topic.Topics;

import dev.telematics.vehicle.Vin;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A car on Eclipse Paho MQTT v5 (the reference client), set up as {@link PahoConnector} describes. */
final class PahoConnection implements CarConnection {
    private final SimulatorOptions options;
    private volatile MqttAsyncClient client;

    PahoConnection(SimulatorOptions options) {
        this.options = options;
    }

    @Override
    public int connect(Vin vin, Consumer<byte[]> onWarning, CarCommands onCommand) throws MqttException {
        String warningsTopic = Topics.warnings(vin.value());
        String commandsTopic = Topics.commands(vin.value());
        PahoConnector connector = new PahoConnector(options);
        MqttAsyncClient c = connector.newClient(vin);
        client = c;
        return connector.connect(c, vin, new MessageCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (topic.equals(warningsTopic)) {
                    onWarning.accept(message.getPayload());
                } else if (message.getProperties() != null && message.getProperties().getResponseTopic() != null) {
                    answer(message, onCommand.answer(message.getPayload()));
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                VehicleCallback.LOG.warn("{}: connection lost: {}", vin, response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                VehicleCallback.LOG.warn("{}: MQTT error", vin, exception);
            }
        }, warningsTopic, commandsTopic);
    }

    /** Publishes a command's answer to its response topic with its correlation data (on Paho's callback thread). */
    private void answer(MqttMessage request, byte[] payload) {
        MqttMessage reply = new MqttMessage(payload);
        reply.setQos(1);
        MqttProperties props = new MqttProperties();
        props.setCorrelationData(request.getProperties().getCorrelationData());
        reply.setProperties(props);
        try {
            client.publish(request.getProperties().getResponseTopic(), reply);
        } catch (MqttException | RuntimeException e) {
            VehicleCallback.LOG.warn("answer to a command could not be sent", e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, PublishWindow.Ticket ticket) {
        try {
            client.publish(topic, payload, qos, false, null, new PublishListener(ticket));
        } catch (MqttException | RuntimeException e) {
            ticket.fail();
        }
    }

    @Override
    public void close() {
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        long timeout = options.connectTimeout().toMillis();
        try {
            if (c.isConnected()) {
                c.disconnect(100).waitForCompletion(timeout);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                c.disconnectForcibly(0, 1000, false);
            } catch (MqttException | RuntimeException ignored) {
                // closing below is all that is left to do
            }
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            VehicleCallback.LOG.debug("close failed", e);
        }
    }
}
