package dev.telematics.cli;

import dev.telematics.broker.TlsConfig;
import dev.telematics.cases.ServiceCenterConfig;
import dev.telematics.cluster.ClusterConfig;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineConfig;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the engine alone, until stopped (Ctrl-C / SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the engine: embedded MQTT broker, rules, cases and the HTTP API.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @Mixin
    StoreOptions store;

    @Mixin
    ArchiveOptions archive;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--mqtt-port", description = "MQTT port (default: ${DEFAULT-VALUE})", defaultValue = "1883")
    int mqttPort;

    @Option(names = "--http-port", description = "HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int httpPort;

    @Spec
    CommandSpec spec;

    @Option(names = "--insecure", description = "let any MQTT client connect and use any vehicle's topics, and "
            + "take HTTP API calls without a token (trusted networks and benchmarks only; the default is provisioned "
            + "MQTT credentials, per-vehicle topics and API tokens)")
    boolean insecure;

    @Option(names = "--bare-broker", hidden = true,
            description = "benchmark only: count vehicle messages at the broker and do nothing else with them")
    boolean bareBroker;

    @Option(names = "--snapshot-interval", description = "how often vehicle state (signal histories, DTC lifecycle, "
            + "rule states, fleet statistics) changed since the last snapshot is saved to the database; it is also "
            + "saved at shutdown and restored at start; 0 or off: only at shutdown (default: ${DEFAULT-VALUE})",
            defaultValue = "60s")
    String snapshotInterval;

    /** The snapshot interval given: a duration, or 0 / off for none. */
    static Duration snapshotInterval(String text) {
        String t = text.trim();
        return t.equals("0") || t.equalsIgnoreCase("off") ? Duration.ZERO : Durations.parse(t);
    }

    @Override
    public Integer call() throws Exception {
        Duration snapshotEvery = snapshotInterval(snapshotInterval);
        ClusterConfig clusterConfig = cluster.toConfig();
        ServiceCenterConfig center = store.center();
        EngineDatabase db = store.open(Path.of("data"));
        Engine e;
        try {
            EngineConfig config = engine.toConfig(mqttPort, httpPort).withBareBroker(bareBroker).withSecurity(!insecure);
            EngineConfig.VehicleHistory h = config.history();
            config = config.withHistory(new EngineConfig.VehicleHistory(h.capacity(), h.window(), snapshotEvery));
            e = Engine.builder(config)
                    .database(db)
                    .apiTokens(insecure ? null : store.apiTokens(Path.of("data")))
                    .archive(archive.archive())
                    .cluster(clusterConfig)
                    .serviceCenter(center).build();
        } catch (RuntimeException ex) {
            db.close();
            throw ex;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                e.close();
            } finally {
                db.close();
                stopped.countDown();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            e.start().join();
        } catch (RuntimeException ex) { // the engine undid its own start; release the database now
            Runtime.getRuntime().removeShutdownHook(hook);
            db.close();
            throw ex;
        }
        spec.commandLine().getOut().printf("cases in %s; %d technicians%n", db.description(), center.technicians().size());
        Object target = e.archive().snapshot().get("target");
        spec.commandLine().getOut().printf("archive: %s%n", target != null ? target
                : "off (--influx-url URL or TELEMATICS_INFLUX_URL to archive telemetry in InfluxDB)");
        Duration every = e.config().history().snapshotEvery();
        if (clusterConfig == null) {
            spec.commandLine().getOut().printf("vehicle state: %s vehicles restored; saved %sat shutdown%n",
                    e.snapshots().stats().get("restoredAtStart"), every.isZero() ? "" : "every " + Durations.format(every) + " and ");
        } else {
            spec.commandLine().getOut().printf("cluster node %s on Kafka %s: topics %s.*, %d partitions; vehicle state "
                    + "in the changelog, checkpoint every %s%n", clusterConfig.nodeId(), clusterConfig.bootstrap(),
                    clusterConfig.topicPrefix(), clusterConfig.partitions(), Durations.format(clusterConfig.checkpointEvery()));
        }
        EngineConfig config = e.config();
        spec.commandLine().getOut().printf("engine running: MQTT tcp://%s:%d, HTTP http://%s:%d (Ctrl-C stops)%n",
                config.mqtt().host(), e.mqttPort(), config.http().host(), e.httpPort());
        if (config.mqtt().tls() != null) {
            TlsConfig tls = config.mqtt().tls();
            spec.commandLine().getOut().printf("MQTT over TLS: ssl://%s:%d (client certificates: %s)%n",
                    config.mqtt().host(), tls.port(), tls.clientAuth().name().toLowerCase(Locale.ROOT));
        }
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
