package dev.telematics.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.annotations.NotNull;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded HiveMQ CE broker with the engine's extension: vehicle publishes go to an
 * {@link InboundSink} through a publish inbound interceptor, and the engine publishes owner warnings
 * through a {@link BrokerPublisher} bound to HiveMQ's publish service.
 *
 * <p>Lifecycle: {@link #start()} then {@link #stop()} (both asynchronous); one start per instance.
 * Configuration, data and extension folders are temporary and removed on stop.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final BrokerConfig config;
    private final InboundSink sink;
    private final BrokerPublisher publisher;
    private final BrokerStats stats = new BrokerStats();
    private volatile EmbeddedHiveMQ hivemq;
    private Path home;

    private final dev.telematics.security.MqttSecurity security;
    private final CommandResponseSink responses;

    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher) {
        this(config, sink, publisher, null);
    }

    /** With {@code security} null, every client may connect and use every topic (tests, benchmarks). */
    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher,
                          dev.telematics.security.MqttSecurity security) {
        this(config, sink, publisher, security, CommandResponseSink.NONE);
    }

    /** {@code responses} takes the cars' answers to remote commands with their correlation data. */
    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher,
                          dev.telematics.security.MqttSecurity security, CommandResponseSink responses) {
        this.responses = responses;
        this.config = config;
        this.sink = sink;
        this.publisher = publisher;
        this.security = security;
    }

    public synchronized CompletableFuture<Void> start() {
        if (hivemq != null) {
            throw new IllegalStateException("broker already started");
        }
        try {
            home = Files.createTempDirectory("telematics-broker-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), config.toXml(), StandardCharsets.UTF_8);
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot prepare broker folders: " + e.getMessage(), e);
        }
        PublishRateLimiter limiter = new PublishRateLimiter(config.maxPublishesPerSecond(),
                Math.max(10, 2.0 * config.maxPublishesPerSecond()), System::nanoTime);
        VehiclePublishInterceptor interceptor = new VehiclePublishInterceptor(sink, stats, security, limiter, responses);
        ClientLifecycleEventListener lifecycle = new ClientLifecycleEventListener() {
            @Override
            public void onMqttConnectionStart(@NotNull ConnectionStartInput in) {
                stats.connected();
            }

            @Override
            public void onAuthenticationSuccessful(@NotNull AuthenticationSuccessfulInput in) {
            }

            @Override
            public void onDisconnect(@NotNull DisconnectEventInput in) {
                stats.disconnected();
                limiter.forget(in.getClientInformation().getClientId());
            }

            @Override
            public void onServerInitiatedDisconnect(@NotNull ServerInitiatedDisconnectInput in) {
                stats.disconnected();
                stats.serverDisconnect(in.getReasonCode().map(Enum::name).orElse("UNKNOWN"));
                limiter.forget(in.getClientInformation().getClientId());
            }
        };
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("telematics-engine")
                .withName("Telematics engine")
                .withVersion("1")
                .withPriority(1000)
                .withStartPriority(1000)
                .withAuthor("telematics")
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(@NotNull ExtensionStartInput in, @NotNull ExtensionStartOutput out) {
                        if (security != null) {
                            Services.securityRegistry().setAuthenticatorProvider(input -> security);
                            Services.securityRegistry().setAuthorizerProvider(input -> security);
                        }
                        publisher.attach(Services.publishService());
                        Services.eventRegistry().setClientLifecycleEventListener(provider -> lifecycle);
                        Services.initializerRegistry().setClientInitializer(
                                (initInput, clientContext) -> clientContext.addPublishInboundInterceptor(interceptor));
                    }

                    @Override
                    public void extensionStop(@NotNull ExtensionStopInput in, @NotNull ExtensionStopOutput out) {
                        publisher.attach(null);
                    }
                })
                .build();
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withEmbeddedExtension(extension)
                .withoutLoggingBootstrap()
                .build();
        return hivemq.start();
    }

    public boolean running() {
        return publisher.attached();
    }

    public BrokerStats stats() {
        return stats;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Stops the broker; the future completes when it has stopped and its folders are removed. */
    public synchronized CompletableFuture<Void> stop() {
        EmbeddedHiveMQ h = hivemq;
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        hivemq = null;
        // EmbeddedHiveMQ.close() stops and waits on HiveMQ's own state-change thread, so it must not run there
        return CompletableFuture.runAsync(() -> {
            try {
                h.close();
            } catch (Exception e) {
                throw new IllegalStateException("broker did not stop cleanly", e);
            } finally {
                deleteHome();
            }
        });
    }

    @Override
    public void close() {
        stop().join();
    }

    private void deleteHome() {
        dev.telematics.config.Folders.deleteQuietly(home);
    }
}
