package dev.telematics.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.telematics.config.Json;
import dev.telematics.simulator.FleetSimulator;
import dev.telematics.simulator.ReceivedWarning;
import dev.telematics.simulator.Scenario;
import dev.telematics.simulator.ScenarioLoader;
import dev.telematics.simulator.SimulationReport;
import dev.telematics.simulator.SimulatorListener;
import dev.telematics.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.simulator.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code simulate SCENARIO}: drives a running engine with the scenario's simulated cars. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Drive a running engine with simulated cars (one MQTT connection per car).")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "scenario file, e.g. simulator/demo.yaml")
    Path scenarioFile;

    @Option(names = "--broker", description = "MQTT broker URI, or several separated by commas to spread the cars "
            + "over the nodes of a cluster (default: ${DEFAULT-VALUE})",
            defaultValue = "tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--duration", description = "seconds to run (default: the scenario's duration)")
    Integer durationSeconds;

    @Option(names = "--qos", description = "QoS of vehicle publishes, 0 or 1 (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int qos;

    @Option(names = "--transport", defaultValue = "paho",
            description = "MQTT client of the cars: paho (reference) or hivemq (async, for thousands of cars)")
    String transport;

    @Option(names = "--json", description = "print the report as one JSON object")
    boolean json;

    @Option(names = "--credentials", description = "the cars' MQTT credentials: the JSON lines `provision` printed "
            + "(without it the cars connect without credentials, which only an engine run with --insecure accepts)")
    Path credentials;

    /** The credentials by VIN from a file of `provision` output lines. */
    private static Map<String, Credentials> readCredentials(Path file)
            throws IOException {
        Map<String, Credentials> m = new HashMap<>();
        ObjectMapper mapper = Json.newMapper();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode j;
            try {
                j = mapper.readTree(line);
            } catch (JsonProcessingException e) {
                throw new EngineException(ErrorCode.INVALID_PARAMETER,
                        file + ":" + n + ": not a JSON line from `provision`");
            }
            if (!j.hasNonNull("vin") || !j.hasNonNull("username") || !j.hasNonNull("password")) {
                throw new EngineException(ErrorCode.INVALID_PARAMETER,
                        file + ":" + n + ": needs vin, username and password");
            }
            m.put(j.get("vin").asText(), new Credentials(j.get("username").asText(),
                    j.get("password").asText()));
        }
        return m;
    }

    @Override
    public Integer call() throws Exception {
        Scenario scenario = ScenarioLoader.load(scenarioFile);
        Duration duration = durationSeconds == null ? scenario.duration() : Duration.ofSeconds(durationSeconds);
        SimulatorListener listener = json ? SimulatorListener.NONE : new SimulatorListener() {
            @Override
            public void onWarning(ReceivedWarning w) {
                System.out.printf("warning  %s  %-8s %s (%s)%n", w.vin(), w.severity(), w.title(),
                        w.caseNumber() == null ? "no case" : "case " + w.caseNumber());
            }
        };
        Map<String, Credentials> secrets =
                credentials == null ? Map.of() : readCredentials(credentials);
        SimulationReport report;
        CountDownLatch printed = new CountDownLatch(1);
        try (FleetSimulator sim = new FleetSimulator(scenario, SimulatorOptions.of(broker).withQos(qos)
                .withTransport(Transports.parse(transport))
                .withCredentials(vin -> Optional.ofNullable(secrets.get(vin.value()))),
                Clock.systemUTC(), listener)) {
            // Ctrl-C: stop publishing, then keep the JVM up until the report below is printed
            Thread hook = new Thread(() -> {
                sim.requestStop();
                try {
                    printed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            report = sim.run(duration);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping (Ctrl-C): the hook has already run
            }
        }
        if (json) {
            ObjectMapper mapper = Json.newMapper().disable(SerializationFeature.INDENT_OUTPUT);
            Map<String, Object> out = mapper.convertValue(report,
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            out.put("warningLatencyMs", report.warningLatencyMs());
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.printf("%nscenario %s via %s: %d/%d cars connected, %d messages offered, %d acknowledged, "
                            + "%d failed, %d warnings received, car -> warning latency ms %s%n", report.scenario(),
                    report.transport(), report.carsConnected(), report.carsConfigured(), report.messagesOffered(),
                    report.messagesAcknowledged(), report.messagesFailed(), report.warningsReceived(),
                    report.warningLatencyMs());
        }
        System.out.flush();
        printed.countDown();
        return report.carsConnected() == report.carsConfigured() ? 0 : Main.EXIT_FAILURE;
    }
}
