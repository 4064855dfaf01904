package dev.telematics.broker;

import com.codahale.metrics.Gauge;
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
import dev.telematics.handoff.ConnectionListener;
import dev.telematics.vehicle.Vin;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import dev.telematics.config.Folders;
import dev.telematics.security.MqttSecurity;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The embedded HiveMQ CE broker with the engine's extension: vehicle publishes go to an
 * {@link InboundSink} through a publish inbound interceptor, and the engine publishes owner warnings
 * through a {@link BrokerPublisher} bound to HiveMQ's publish service.
 *
 * <p>Lifecycle: {@link #start()} then {@link #stop()} (both asynchronous); one start per instance.
 * Configuration, data and extension folders are temporary and removed on stop. HiveMQ's config.xml
 * holds the TLS store passwords: it is written readable by its owner only (in a folder only the owner
 * may enter) and deleted as soon as HiveMQ has read it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** HiveMQ's gauge of open client connections. */
    private static final String OPEN_CONNECTIONS = "com.hivemq.networking.connections.current";
    private static final String OWNER_USER_PREFIX = dev.telematics.security.Identity.OWNER_PREFIX;
    private final BrokerConfig config;
    private final InboundSink sink;
    private final BrokerPublisher publisher;
    private final BrokerStats stats;
    private volatile EmbeddedHiveMQ hivemq;
    private Path home;

    private final MqttSecurity security;
    private final CommandResponseSink responses;
    private final ConnectionListener connections;
    private volatile ClientService clients;
    private final ScheduledExecutorService revocation =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "credential-revocation");
                t.setDaemon(true);
                return t;
            });

    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher) {
        this(config, sink, publisher, null);
    }

    /** With {@code security} null, every client may connect and use every topic (tests, benchmarks). */
    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher,
                          MqttSecurity security) {
        this(config, sink, publisher, security, CommandResponseSink.NONE);
    }

    /** {@code responses} takes the cars' answers to remote commands with their correlation data. */
    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher,
                          MqttSecurity security, CommandResponseSink responses) {
        this(config, sink, publisher, security, responses, ConnectionListener.NONE);
    }

    /** {@code connections} is told when a vehicle's car or owner app connects and leaves (cluster mode's routing). */
    public EmbeddedBroker(BrokerConfig config, InboundSink sink, BrokerPublisher publisher,
                          MqttSecurity security, CommandResponseSink responses, ConnectionListener connections) {
        this.responses = responses;
        this.connections = connections;
        this.config = config;
        this.sink = sink;
        this.publisher = publisher;
        this.security = security;
        this.stats = new BrokerStats(config.maxConnections(), config.connectTimeout());
    }

    /**
     * Starts the broker; the future completes when it listens. A TLS listener's key and trust stores are
     * checked first: a missing file or a wrong password fails the future with an {@link EngineException}
     * (CONFIG_INVALID) naming the file.
     */
    public synchronized CompletableFuture<Void> start() {
        if (hivemq != null) {
            throw new IllegalStateException("broker already started");
        }
        try {
            if (config.tls() != null) {
                TlsStores.verify(config.tls());
            }
            home = Files.createTempDirectory("telematics-broker-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            writeOwnerOnly(conf.resolve("config.xml"), config.toXml());
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
        } catch (EngineException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            deleteHome();
            return CompletableFuture.failedFuture(new EngineException(ErrorCode.CONFIG_INVALID,
                    "cannot prepare broker folders: " + e.getMessage(), e));
        }
        PublishRateLimiter limiter = new PublishRateLimiter(config.maxPublishesPerSecond(),
                Math.max(10, 2.0 * config.maxPublishesPerSecond()), System::nanoTime);
        VehiclePublishInterceptor interceptor = new VehiclePublishInterceptor(sink, stats, security, limiter, responses,
                config.ackTimeout());
        ClientLifecycleEventListener lifecycle = new ClientLifecycleEventListener() {
            @Override
            public void onMqttConnectionStart(@NotNull ConnectionStartInput in) {
                stats.connected();
                String vin = vehicleOf(in.getClientInformation().getClientId(),
                        in.getConnectPacket().getUserName().orElse(null));
                if (vin != null) {
                    connections.connected(in.getClientInformation().getClientId(), vin);
                }
            }

            @Override
            public void onAuthenticationSuccessful(@NotNull AuthenticationSuccessfulInput in) {
            }

            @Override
            public void onDisconnect(@NotNull DisconnectEventInput in) {
                stats.disconnected();
                limiter.forget(in.getClientInformation().getClientId());
                forgetSession(in);
            }

            @Override
            public void onServerInitiatedDisconnect(@NotNull ServerInitiatedDisconnectInput in) {
                stats.disconnected();
                stats.serverDisconnect(in.getReasonCode().map(Enum::name).orElse("UNKNOWN"));
                limiter.forget(in.getClientInformation().getClientId());
                forgetSession(in);
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
                        } else {
                            WillGuard wills = new WillGuard(stats);
                            Services.securityRegistry().setAuthenticatorProvider(input -> wills);
                        }
                        publisher.attach(Services.publishService(), Services.subscriptionStore());
                        clients = Services.clientService();
                        if (Services.metricRegistry().getGauges().get(OPEN_CONNECTIONS) instanceof Gauge<?> open) {
                            stats.openConnections(() -> open.getValue() instanceof Number n ? n.intValue() : 0);
                        }
                        Services.eventRegistry().setClientLifecycleEventListener(provider -> lifecycle);
                        Services.initializerRegistry().setClientInitializer(
                                (initInput, clientContext) -> clientContext.addPublishInboundInterceptor(interceptor));
                    }

                    @Override
                    public void extensionStop(@NotNull ExtensionStopInput in, @NotNull ExtensionStopOutput out) {
                        publisher.attach(null, null);
                        stats.openConnections(null);
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
        Path configFile = home.resolve("conf").resolve("config.xml");
        return hivemq.start().thenRun(() -> {
            deleteQuietly(configFile); // read at start only; it holds the TLS passwords
            if (config.tls() != null) {
                LOG.info("MQTT over TLS on {}:{} (key store {}, client certificates {})", config.host(),
                        config.tls().port(), config.tls().keyStore(), config.tls().clientAuth());
            }
        });
    }

    /** Writes {@code text} to a new file only its owner may read and write (where the file system has POSIX permissions). */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {} (removed with the broker's folder on stop): {}", file, e.getMessage());
        }
    }

    /** The vehicle a client belongs to: the car (client id = VIN) or its owner app (user {@code owner:VIN}); else null. */
    static String vehicleOf(String clientId, String userName) {
        if (userName != null && userName.startsWith(OWNER_USER_PREFIX)) {
            String vin = userName.substring(OWNER_USER_PREFIX.length());
            return Vin.isValid(vin) ? vin : null;
        }
        return clientId != null && Vin.isValid(clientId) ? clientId : null;
    }

    private void forgetSession(ClientBasedInput in) {
        connections.disconnected(in.getClientInformation().getClientId());
        if (security != null) {
            security.forget(in.getClientInformation().getClientId(), in.getConnectionInformation().getConnectionAttributeStore());
        }
    }

    /**
     * Disconnects (0x87 NOT_AUTHORIZED) every client whose credential was provisioned again or removed
     * since it connected: a replaced secret must not keep an old connection alive. Runs every 30 s while
     * the broker runs, and on demand; returns how many clients it disconnected.
     */
    public int revokeReplacedCredentials() {
        ClientService c = clients;
        if (security == null || c == null) {
            return 0;
        }
        List<String> revoked = security.revokedConnections();
        for (String clientId : revoked) {
            c.disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED,
                    "the client's credential was replaced");
        }
        return revoked.size();
    }

    private void revokeQuietly() {
        try {
            revokeReplacedCredentials();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(EmbeddedBroker.class).warn("checking live connections against replaced "
                    + "credentials failed: {}", e.toString());
        }
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
        revocation.shutdownNow();
        clients = null;
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
        Folders.deleteQuietly(home);
    }
}
