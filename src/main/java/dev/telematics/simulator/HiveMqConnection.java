package dev.telematics.simulator;

import dev.telematics.topic.Topics;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.telematics.vehicle.Vin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A car on the HiveMQ MQTT Client's asynchronous API: Netty event loops shared by all cars instead of
 * four threads per car, so one JVM can drive ten thousand connections. Only {@code tcp://} URIs.
 */
final class HiveMqConnection implements CarConnection {
    private final SimulatorOptions options;
    private volatile Mqtt5AsyncClient client;

    HiveMqConnection(SimulatorOptions options) {
        if (!options.plainTcp()) {
            throw FleetSpec.invalid("the hivemq transport takes tcp:// brokers only, got " + options.brokerUri());
        }
        this.options = options;
    }

    @Override
    public int connect(Vin vin, Consumer<byte[]> onWarning, CarCommands onCommand) throws Exception {
        String warningsTopic = Topics.warnings(vin.value());
        String commandsTopic = Topics.commands(vin.value());
        URI uri = URI.create(options.brokerFor(vin.value()));
        Mqtt5AsyncClient c = Mqtt5Client.builder()
                .identifier(vin.value())
                .serverHost(uri.getHost())
                .serverPort(uri.getPort() < 0 ? 1883 : uri.getPort())
                .buildAsync();
        client = c;
        long timeout = options.connectTimeout().toMillis();
        var connect = c.connectWith().cleanStart(true).keepAlive(30);
        var creds = options.credentials().apply(vin);
        CompletableFuture<Mqtt5ConnAck> connecting = creds.isPresent()
                ? connect.simpleAuth().username(creds.get().username())
                        .password(creds.get().password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send()
                : connect.send();
        Mqtt5ConnAck ack;
        try {
            ack = connecting.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a connect that completes after we gave up must not stay open
            connecting.whenComplete((a, err) -> {
                if (err == null) {
                    c.disconnect();
                }
            });
            throw e;
        }
        var subscribed = c.subscribeWith()
                .addSubscription().topicFilter(warningsTopic).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .addSubscription().topicFilter(commandsTopic).qos(MqttQos.AT_LEAST_ONCE).applySubscription()
                .callback(p -> {
                    if (p.getTopic().toString().equals(warningsTopic)) {
                        onWarning.accept(p.getPayloadAsBytes());
                    } else if (p.getResponseTopic().isPresent()) {
                        byte[] answer = onCommand.answer(p.getPayloadAsBytes());
                        var reply = c.publishWith().topic(p.getResponseTopic().get()).qos(MqttQos.AT_LEAST_ONCE)
                                .payload(answer);
                        p.getCorrelationData().ifPresent(reply::correlationData);
                        reply.send();
                    }
                })
                .send().get(timeout, TimeUnit.MILLISECONDS);
        for (var code : subscribed.getReasonCodes()) {
            if (code.isError()) {
                throw new IllegalStateException(vin + ": subscription refused: " + code);
            }
        }
        return ack.getRestrictions().getReceiveMaximum();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, PublishWindow.Ticket ticket) {
        try {
            client.publishWith().topic(topic).qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
                    .payload(payload).send()
                    .whenComplete((result, err) -> {
                        boolean failed = err != null || result.getError().isPresent();
                        if (failed) {
                            ticket.fail();
                        } else {
                            ticket.succeed();
                        }
                    });
        } catch (RuntimeException e) {
            ticket.fail();
        }
    }

    @Override
    public void close() {
        Mqtt5AsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            c.disconnect().get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            VehicleCallback.LOG.debug("disconnect failed", e);
        }
    }
}
