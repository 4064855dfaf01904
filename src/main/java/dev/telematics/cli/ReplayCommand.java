package dev.telematics.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.rules.ForecastRule;
import dev.telematics.rules.RuleEngine;
import dev.telematics.rules.RuleFiring;
import dev.telematics.rules.RuleLoader;
import dev.telematics.rules.RuleSet;
import dev.telematics.vehicle.Sample;
import dev.telematics.vehicle.SignalCatalog;
import dev.telematics.vehicle.VehicleState;
import dev.telematics.vehicle.Vin;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.telematics.vehicle.SignalDef;

/**
 * {@code replay}: feeds a CSV series, one sample per row, into the same rule-engine path the broker
 * feeds (vehicle state, then the rules), with no broker, and prints JSON lines: the forecast of every
 * forecast rule at the samples asked for, and every warning fired.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a CSV series through the rules and print forecasts and warnings as JSON lines.")
final class ReplayCommand implements Callable<Integer> {
    private static final Vin VIN = Vin.of("REPLAY00000000000");

    @Option(names = "--csv", required = true, description = "CSV file with a header row")
    Path csv;

    @Option(names = "--value-column", required = true, description = "the column holding the values")
    String valueColumn;

    @Option(names = "--scale", defaultValue = "1", description = "multiplies each value (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--signal", required = true, description = "the VSS signal the values are, e.g. "
            + "Vehicle.Powertrain.TractionBattery.StateOfHealth")
    String signal;

    @Option(names = "--start", required = true, description = "the time of the first row, ISO-8601 (2020-01-01T00:00:00Z)")
    Instant start;

    @Option(names = "--step", required = true, description = "time between rows, ISO-8601 (P1D, PT1H)")
    String step;

    @Option(names = "--rules", required = true, description = "a rules file")
    Path rules;

    @Option(names = "--forecast-at", split = ",", description = "1-based sample numbers at which to print forecasts")
    List<Integer> forecastAt = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Duration stepDuration = parseStep(step);
        for (Path f : List.of(csv, rules)) {
            if (!Files.isReadable(f)) {
                throw new EngineException(ErrorCode.INVALID_PARAMETER, "cannot read " + f + " (no such file?)");
            }
        }
        RuleSet set;
        try (InputStream in = Files.newInputStream(rules)) {
            set = new RuleLoader(SignalCatalog.standard()).load(rules.toString(), in);
        }
        RuleEngine engine = new RuleEngine(set, KnowledgeBase.empty());
        SignalDef def = SignalCatalog.standard().find(signal).orElseThrow(() ->
                new EngineException(ErrorCode.INVALID_PARAMETER, "--signal '" + signal + "' is not a known signal"));
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, csv + " is empty");
        }
        int column = Arrays.asList(lines.get(0).split(",")).indexOf(valueColumn);
        if (column < 0) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, csv + " has no column '" + valueColumn + "' (header: "
                    + lines.get(0) + ")");
        }
        Set<Integer> at = new TreeSet<>(forecastAt);
        for (int n : at) {
            if (n < 1 || n > lines.size() - 1) {
                throw new EngineException(ErrorCode.INVALID_PARAMETER, "--forecast-at " + n + " is not a sample of "
                        + csv + " (1-" + (lines.size() - 1) + ")");
            }
        }
        VehicleState state = new VehicleState(VIN, 10, Duration.ofDays(1));
        ObjectMapper json = Json.newMapper();
        PrintWriter out = spec.commandLine().getOut();
        for (int row = 1; row < lines.size(); row++) {
            String[] fields = lines.get(row).split(",");
            double value;
            try {
                value = Double.parseDouble(fields[column].trim()) * scale;
            } catch (RuntimeException e) {
                value = Double.NaN;
            }
            if (!def.inRange(value)) {
                // like the broker path: a value that is not a reading is dropped, the series goes on
                spec.commandLine().getErr().printf("%s line %d: '%s' skipped: not a %s value in [%s, %s]%n", csv, row + 1,
                        column < fields.length ? fields[column].trim() : "", signal, def.min(), def.max());
                continue;
            }
            long ts = start.plus(stepDuration.multipliedBy(row - 1)).toEpochMilli();
            Sample sample = Sample.of(ts, Map.of(signal, value));
            state.apply(sample);
            for (RuleFiring f : engine.onSample(state, sample)) {
                Map<String, Object> w = line("warning", row, f.rule().id());
                w.put("predictedCrossing", f.trigger().get("predictedCrossing"));
                w.put("intervalLow", f.trigger().get("intervalLow"));
                w.put("intervalHigh", f.trigger().get("intervalHigh"));
                out.println(json.writeValueAsString(w));
            }
            if (at.contains(row)) {
                for (ForecastRule r : set.forecasts()) {
                    ForecastRule.Prediction p = engine.stateOf(state, r) instanceof ForecastRule.State st
                            ? r.predict(st) : null;
                    Map<String, Object> m = line("forecast", row, r.id());
                    m.put("predictedCrossing", p == null || p.crossing() == null ? null : p.crossing().toString());
                    m.put("intervalLow", p == null || p.intervalLow() == null ? null : p.intervalLow().toString());
                    m.put("intervalHigh", p == null || p.intervalHigh() == null ? null : p.intervalHigh().toString());
                    out.println(json.writeValueAsString(m));
                }
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> line(String type, int sample, String rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("sample", sample);
        m.put("rule", rule);
        return m;
    }

    private static Duration parseStep(String text) {
        try {
            Duration d = text.startsWith("P") && !text.contains("T") && text.endsWith("D")
                    ? Duration.ofDays(Long.parseLong(text.substring(1, text.length() - 1)))
                    : Duration.parse(text);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--step '" + text
                    + "' is not a positive ISO-8601 duration such as P1D or PT1H");
        }
    }
}
