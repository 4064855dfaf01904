package dev.telematics.cli;

import dev.telematics.cases.CaseListener;
import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.config.Folders;
import dev.telematics.config.Json;
import dev.telematics.dtc.DtcView;
import dev.telematics.engine.Engine;
import dev.telematics.engine.EngineDatabase;
import dev.telematics.handoff.OwnerLanguage;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.ingest.IngestStats;
import dev.telematics.rules.Rule;
import dev.telematics.rules.ThresholdRule;
import dev.telematics.security.ApiRole;
import dev.telematics.security.ApiTokens;
import dev.telematics.security.Provisioner;
import dev.telematics.simulator.Credentials;
import dev.telematics.simulator.Fault;
import dev.telematics.simulator.FleetSimulator;
import dev.telematics.simulator.ReceivedWarning;
import dev.telematics.simulator.Scenario;
import dev.telematics.simulator.ScenarioLoader;
import dev.telematics.simulator.SignalFault;
import dev.telematics.simulator.SimulationReport;
import dev.telematics.simulator.SimulatorListener;
import dev.telematics.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the engine plus a scenario of simulated cars, some of which develop faults. Prints
 * each case opened and each warning delivered, then a summary; exits 0 only when every fault that
 * was due produced its case and its owner warning.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the engine with simulated cars that develop faults, and check the engine caught them.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engineOptions;

    @Mixin
    StoreOptions store;

    @Mixin
    ArchiveOptions archive;

    @Option(names = "--scenario", description = "scenario file (default: ${DEFAULT-VALUE})",
            defaultValue = "simulator/demo.yaml")
    Path scenarioFile;

    @Option(names = "--duration", description = "seconds the cars drive (default: the scenario's duration)")
    Integer durationSeconds;

    @Option(names = "--mqtt-port", description = "MQTT port (default: a free port)", defaultValue = "0")
    int mqttPort;

    @Option(names = "--http-port", description = "HTTP port (default: a free port)", defaultValue = "0")
    int httpPort;

    @Option(names = "--transport", defaultValue = "paho", description = "MQTT client of the cars: paho or hivemq")
    String transport;

    @Option(names = "--keep-running", description = "after the summary, keep the engine running (console, API) "
            + "until Ctrl-C")
    boolean keepRunning;

    @Option(names = "--json", description = "print only one JSON object with the results")
    boolean json;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Scenario scenario = ScenarioLoader.load(scenarioFile);
        Duration duration = durationSeconds == null ? scenario.duration() : Duration.ofSeconds(durationSeconds);
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(new CommandLine(this), "--duration must be > 0");
        }
        int port = mqttPort == 0 ? FreePort.find() : mqttPort;
        CaseListener cases = new CaseListener() {
            @Override
            public void opened(DiagnosticCase c) {
                say("case     %s  %s  %-8s %s (rule %s)%n", c.number(), c.vin(), c.severity().label(), c.title(),
                        c.ruleId());
                Object dtc = c.evidence().trigger().get("dtc");
                if (dtc != null) {
                    say("           decoded %s from a %s report of %s: %s%n", dtc, c.evidence().trigger().get("format"),
                            c.evidence().trigger().get("ecu"), c.evidence().diagnosis().isEmpty()
                                    ? c.evidence().dtcs().stream().filter(d -> d.dtc().equals(dtc)).findFirst()
                                    .map(DtcView::description).orElse("")
                                    : c.evidence().diagnosis().get(0).description());
                }
            }
        };
        // the demo never touches a production database: its own H2, in --data-dir or a fresh temporary folder
        Path dataDir = store.dataDir != null ? store.dataDir : temporaryFolder();
        Set<String> openedNow = ConcurrentHashMap.newKeySet();
        AtomicReference<Engine> running = new AtomicReference<>();
        CompletableFuture<Void> remote = new CompletableFuture<>();
        CaseListener record = new CaseListener() {
            @Override
            public void opened(DiagnosticCase c) {
                openedNow.add(c.number());
                cases.opened(c);
                // the first isolation fault: its owner allows remote diagnostics and a technician reads the
                // car's fault codes over the air while it is still driving (off the engine's worker thread)
                if (c.problem().startsWith("hv-isolation") && !remote.isDone() && running.get() != null) {
                    CompletableFuture.runAsync(() -> new DemoRemoteDiagnosis(running.get(),
                            DemoCommand.this::say).readDtcs(c)).whenComplete((v, e) -> remote.complete(null));
                }
            }
        };
        try (EngineDatabase db = EngineDatabase.embedded(dataDir);
             Engine engine = Engine.builder(engineOptions.toConfig(port, httpPort)).caseListener(record)
                     .database(db)
                     .apiTokens(ApiTokens.fromKeyFile(dataDir.resolve("api-token.key"), Clock.systemUTC()))
                     .archive(archive.archive())
                     .serviceCenter(store.center()).build()) {
            running.set(engine);
            engine.start().join();
            say("cases    kept in %s%n", db.description());
            Object target = engine.archive().snapshot().get("target");
            say("archive  %s%n", target != null ? "telemetry, alerts and case events go to " + target
                    : "off (--influx-url URL, or TELEMATICS_INFLUX_URL, archives telemetry in InfluxDB)");
            // the demo provisions its own cars: each gets its MQTT secret, as `provision VIN` would print it
            Provisioner provisioner = new Provisioner(db.credentials());
            Map<String, Credentials> secrets = new HashMap<>();
            for (int car = 1; car <= scenario.fleetSize(); car++) {
                Provisioner.Issued issued = provisioner.provision(scenario.vinOf(car).value(), false);
                secrets.put(issued.vin(), new Credentials(issued.username(), issued.password()));
            }
            say("security %d cars provisioned; each may use only its own topics%n", secrets.size());
            // two owners use the owner app in Simplified Chinese (as if they had sent vehicles/{VIN}/owner/settings)
            for (int car : new int[] {5, 11}) {
                if (car <= scenario.fleetSize()) {
                    engine.notifier().settings().setLanguage(scenario.vinOf(car).value(), OwnerLanguage.CHINESE);
                    say("owner    of %s reads warnings in %s%n", scenario.vinOf(car).value(), OwnerLanguage.CHINESE);
                }
            }
            checkExpectedRulesExist(scenario, engine);
            say("engine   MQTT tcp://127.0.0.1:%d  API http://127.0.0.1:%d/api/cases  console http://127.0.0.1:%d/console%n",
                    port, engine.httpPort(), engine.httpPort());
            if (engine.apiTokens() != null) {
                say("api      a supervisor token for this demo's console and API (Authorization: Bearer ...):%n"
                        + "         %s%n", engine.apiTokens().issue("demo-supervisor", ApiRole.SUPERVISOR,
                        Duration.ofDays(1)));
            }
            say("scenario %s: %d cars for %d s%n", scenario.name(), scenario.fleetSize(), duration.toSeconds());
            SimulatorListener warnings = new SimulatorListener() {
                @Override
                public void onWarning(ReceivedWarning w) {
                    say("warning  %s  %s  %-8s %s -> owner sees: \"%s\"%n",
                            w.caseNumber() == null ? "-        " : w.caseNumber(), w.vin(), w.severity(), w.title(),
                            abbreviate(w.text()));
                }
            };
            SimulationReport sim;
            try (FleetSimulator fleet = new FleetSimulator(scenario,
                    SimulatorOptions.of("tcp://127.0.0.1:" + port)
                    .withCredentials(vin -> Optional.ofNullable(secrets.get(vin.value()))).withTransport(Transports.parse(transport)),
                    Clock.systemUTC(), warnings)) {
                sim = fleet.run(duration);
            }
            waitUntil(engine::idle, Duration.ofSeconds(10));
            try {
                remote.get(15, TimeUnit.SECONDS);
            } catch (TimeoutException notStarted) {
                // no isolation fault in this scenario: nothing to wait for
            }
            List<Expectation> expectations = expectations(scenario, duration, engine, sim);
            new DemoTechnicians(engine.cases().workflow(), this::say).work(openedNow);
            Map<String, Object> result = result(scenario, duration, engine, sim, expectations);
            boolean passed = (Boolean) result.get("passed");
            if (json) {
                out.println(Json.newMapper().writeValueAsString(result));
                out.flush();
            } else {
                printSummary(result, expectations);
            }
            if (keepRunning) {
                say("console  http://127.0.0.1:%d/console shows the cases; Ctrl-C stops%n", engine.httpPort());
                out.flush();
                new CountDownLatch(1).await();
            }
            return passed ? 0 : Main.EXIT_FAILURE;
        }
    }

    /** A fresh folder for the demo's database, removed when the JVM exits. */
    private static Path temporaryFolder() throws IOException {
        Path dir = Files.createTempDirectory("telematics-demo-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Folders.deleteQuietly(dir),
                "demo-cleanup"));
        return dir;
    }

    private static void checkExpectedRulesExist(Scenario scenario, Engine engine) {
        for (Fault f : scenario.faults()) {
            if (f.expectRule() != null && engine.rules().rules().all().stream()
                    .noneMatch(r -> r.id().equals(f.expectRule()))) {
                throw new EngineException(ErrorCode.SCENARIO_INVALID, "scenario '" + scenario.name()
                        + "': a fault of vehicle " + f.vehicle() + " expects rule '" + f.expectRule()
                        + "', which is not among the loaded rules");
            }
        }
    }

    private List<Expectation> expectations(Scenario scenario, Duration duration, Engine engine, SimulationReport sim) {
        List<Expectation> out = new ArrayList<>();
        for (Fault f : scenario.faults()) {
            if (f.expectRule() == null) {
                continue;
            }
            Optional<Rule> rule = engine.rules().rules().all().stream()
                    .filter(r -> r.id().equals(f.expectRule())).findFirst();
            String problem = rule.map(r -> r.meta().problem()).orElse("?unknown rule " + f.expectRule());
            long dueMs = f.at().toMillis() + 2 * scenario.publishInterval().toMillis() + 1_000;
            if (f instanceof SignalFault s) {
                dueMs += s.over().toMillis();
            }
            if (rule.isPresent() && rule.get() instanceof ThresholdRule t) {
                dueMs += t.holdFor().toMillis();
            }
            boolean due = rule.isPresent() && dueMs <= duration.toMillis();
            String vin = f.vin().value();
            String ruleId = f.expectRule();
            Optional<DiagnosticCase> c = engine.cases().workflow().list(new CaseQuery(null, null, vin, CaseQuery.MAX_LIMIT))
                    .stream().filter(x -> x.problem().equals(problem) || x.ruleId().equals(ruleId)).findFirst();
            waitUntil(() -> warned(sim, engine, vin, ruleId, problem) || !due, Duration.ofSeconds(5));
            boolean caseNeeded = rule.map(r -> r.meta().opensCase()).orElse(true);
            out.add(new Expectation(vin, f.expectRule(), problem, dueMs / 1000.0, due,
                    c.map(DiagnosticCase::number).orElse(null), !caseNeeded || c.isPresent(),
                    warned(sim, engine, vin, ruleId, problem)));
        }
        return out;
    }

    /** Whether the car got a warning of the expected rule, or of another rule of the same problem. */
    private static boolean warned(SimulationReport sim, Engine engine, String vin, String ruleId, String problem) {
        return sim.warningsFor(vin).stream().anyMatch(w -> w.ruleId().equals(ruleId) || engine.rules().rules().all()
                .stream().anyMatch(r -> r.id().equals(w.ruleId()) && r.meta().problem().equals(problem)));
    }

    private static Map<String, Object> result(Scenario scenario, Duration duration, Engine engine,
                                              SimulationReport sim, List<Expectation> expectations) {
        IngestStats.Snapshot ingest = engine.ingestStats().snapshot();
        List<DiagnosticCase> cases = engine.cases().workflow().list(CaseQuery.all());
        long due = expectations.stream().filter(Expectation::due).count();
        boolean passed = due > 0 && expectations.stream().filter(Expectation::due).allMatch(Expectation::met)
                && sim.carsConnected() == sim.carsConfigured();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario.name());
        m.put("durationSeconds", duration.toSeconds());
        m.put("transport", sim.transport());
        m.put("carsConnected", sim.carsConnected());
        m.put("messagesOffered", sim.messagesOffered());
        m.put("messagesAcknowledged", sim.messagesAcknowledged());
        m.put("messagesFailed", sim.messagesFailed());
        m.put("messagesProcessed", ingest.processed());
        m.put("messagesRejected", ingest.rejected());
        m.put("rejectedByReason", ingest.rejectedByReason());
        m.put("casesOpened", cases.size());
        m.put("casesByStatus", engine.cases().workflow().countByStatus());
        m.put("warningsPublished", engine.delivery().published());
        m.put("warningsDelivered", sim.warningsReceived());
        m.put("warningLatencyMs", sim.warningLatencyMs());
        m.put("engineLatency", engine.statsSnapshot().get("latency"));
        m.put("forecastWarnings", sim.forecastWarnings().stream().map(DemoCommand::forecastWarning).toList());
        m.put("expectedFaults", due);
        m.put("expectedFaultsMet", expectations.stream().filter(e -> e.due() && e.met()).count());
        m.put("expectations", expectations);
        m.put("passed", passed);
        return m;
    }

    /** A predictive warning as the owner app got it: what, for which case, and when the limit is expected. */
    private static String day(Object instant) {
        return instant == null ? "beyond the look-ahead" : instant.toString().substring(0, Math.min(10, instant.toString().length()));
    }

    private static Map<String, Object> forecastWarning(ReceivedWarning w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vin", w.vin());
        m.put("ruleId", w.ruleId());
        m.put("caseNumber", w.caseNumber());
        m.put("title", w.title());
        m.put("signal", w.forecast().signal());
        m.put("limit", w.forecast().limit());
        m.put("crossing", w.forecast().crossing());
        m.put("intervalLow", w.forecast().intervalLow());
        m.put("intervalHigh", w.forecast().intervalHigh());
        return m;
    }

    private void printSummary(Map<String, Object> r, List<Expectation> expectations) {
        out.println();
        out.println("summary");
        out.printf("  cars connected      %s%n", r.get("carsConnected"));
        out.printf("  messages offered    %s (acknowledged %s, failed %s)%n", r.get("messagesOffered"),
                r.get("messagesAcknowledged"), r.get("messagesFailed"));
        out.printf("  messages processed  %s (rejected %s)%n", r.get("messagesProcessed"), r.get("messagesRejected"));
        out.printf("  cases opened        %s%n", r.get("casesOpened"));
        out.printf("  cases by state      %s%n", r.get("casesByStatus"));
        out.printf("  warnings delivered  %s (published %s)%n", r.get("warningsDelivered"), r.get("warningsPublished"));
        out.printf("  car -> owner warning latency ms  %s%n", r.get("warningLatencyMs"));
        for (Object o : (List<?>) r.get("forecastWarnings")) {
            Map<?, ?> f = (Map<?, ?>) o;
            out.printf("  forecast warning    %s %s: %s expected to cross %s around %s (90 %% interval %s .. %s), case %s%n",
                    f.get("vin"), f.get("ruleId"), f.get("signal"), f.get("limit"), day(f.get("crossing")),
                    day(f.get("intervalLow")), day(f.get("intervalHigh")), f.get("caseNumber"));
        }
        out.println("  injected faults:");
        for (Expectation e : expectations) {
            String verdict = !e.due() ? "not due yet (needs ~" + Math.round(e.dueAtSeconds()) + " s)"
                    : e.met() ? "caught: case " + (e.caseNumber() == null ? "-" : e.caseNumber()) + ", owner warned"
                    : "MISSED (case " + e.caseOpened() + ", warning " + e.warningDelivered() + ")";
            out.printf("    %s  %-28s %s%n", e.vin(), e.rule(), verdict);
        }
        out.println(Boolean.TRUE.equals(r.get("passed")) ? "demo passed" : "demo FAILED");
        out.flush();
    }

    private void say(String format, Object... args) {
        if (!json) {
            synchronized (out) {
                out.printf(format, args);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 90 ? s.substring(0, 87) + "..." : s;
    }

    private static void waitUntil(BooleanSupplier condition, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            LockSupport.parkNanos(20_000_000);
        }
    }
}
