package dev.telematics.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads scenario files (YAML, format in {@code simulator/README.md}). Every problem is reported as an
 * {@link EngineException} with {@link ErrorCode#SCENARIO_INVALID} whose message names the file, the place
 * in it and the problem, e.g. {@code scenario file 'demo.yaml': faults[1].at: bad duration '5 sec' ...}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScenarioLoader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final List<String> TOP = List.of(
            "name", "description", "seed", "fleet", "publishInterval", "duration", "faults");
    private static final List<String> FLEET = List.of("size", "vinPrefix", "model");
    private static final List<String> SIGNAL_FAULT = List.of("vehicle", "at", "signal", "to", "over", "expectRule");
    private static final List<String> DTC_FAULT = List.of("vehicle", "at", "dtc", "expectRule");
    private static final List<String> DTC = List.of("ecu", "codes", "format", "status");
    private static final List<String> HISTORY_FAULT = List.of("vehicle", "history", "expectRule");
    private static final List<String> HISTORY = List.of("signal", "from", "to", "span", "every");

    private ScenarioLoader() {
    }

    /** Loads and validates the scenario in {@code file}. */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.SCENARIO_INVALID,
                    "scenario file '" + file + "': cannot be read (" + e + ")", e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates scenario YAML; {@code source} names it in error messages. */
    public static Scenario parse(String yaml, String source) {
        String prefix = "scenario file '" + source + "': ";
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new EngineException(ErrorCode.SCENARIO_INVALID,
                    prefix + "not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new EngineException(ErrorCode.SCENARIO_INVALID, prefix + "the file is empty");
        }
        try {
            return scenario(new ScenarioNode(root, ""));
        } catch (ScenarioNode.Problem e) {
            throw new EngineException(ErrorCode.SCENARIO_INVALID, prefix + e.getMessage(), e);
        } catch (EngineException e) {
            throw new EngineException(ErrorCode.SCENARIO_INVALID, prefix + e.getMessage(), e);
        }
    }

    private static Scenario scenario(ScenarioNode root) {
        root.allowOnly(TOP);
        String name = root.text("name");
        FleetSpec fleet = fleet(root.object("fleet"));
        Duration interval = root.duration("publishInterval");
        Duration duration = root.duration("duration");
        long seed = root.has("seed") ? root.integer("seed") : Scenario.DEFAULT_SEED;
        List<Fault> faults = new ArrayList<>();
        for (ScenarioNode f : root.objects("faults")) {
            faults.add(fault(f, fleet));
        }
        return new Scenario(name, root.optionalText("description"), seed, fleet, interval, duration, faults);
    }

    private static FleetSpec fleet(ScenarioNode node) {
        node.allowOnly(FLEET);
        long size = node.integer("size");
        if (size < 1 || size > FleetSpec.MAX_SIZE) {
            throw new ScenarioNode.Problem(node.path() + ".size",
                    "must be between 1 and " + FleetSpec.MAX_SIZE + ", got " + size);
        }
        return within("", () -> new FleetSpec((int) size, node.text("vinPrefix"), node.optionalText("model")));
    }

    private static Fault fault(ScenarioNode node, FleetSpec fleet) {
        boolean signal = node.has("signal");
        boolean dtc = node.has("dtc");
        boolean history = node.has("history");
        if ((signal ? 1 : 0) + (dtc ? 1 : 0) + (history ? 1 : 0) != 1) {
            throw new ScenarioNode.Problem(node.path(), signal || dtc || history
                    ? "a fault has exactly one of 'signal', 'dtc' or 'history'"
                    : "a fault needs one of 'signal' (with 'to'), 'dtc' or 'history'");
        }
        node.allowOnly(signal ? SIGNAL_FAULT : dtc ? DTC_FAULT : HISTORY_FAULT);
        long vehicle = node.integer("vehicle");
        if (vehicle < 1 || vehicle > fleet.size()) {
            throw new ScenarioNode.Problem(node.path() + ".vehicle",
                    "vehicle " + vehicle + " is out of range 1.." + fleet.size() + " (fleet.size)");
        }
        Vin vin = fleet.vinOf((int) vehicle);
        String expectRule = node.optionalText("expectRule");
        if (history) {
            ScenarioNode h = node.object("history");
            h.allowOnly(HISTORY);
            String name = h.text("signal");
            double from = h.number("from");
            double to = h.number("to");
            Duration span = h.duration("span");
            Duration every = h.duration("every");
            return within(h.path(), () -> new HistoryFault((int) vehicle, vin, name, from, to, span, every, expectRule));
        }
        Duration at = node.duration("at");
        if (signal) {
            String name = node.text("signal");
            double to = node.number("to");
            Duration over = node.has("over") ? node.duration("over") : Duration.ZERO;
            return within(node.path(), () -> new SignalFault((int) vehicle, vin, at, name, to, over, expectRule));
        }
        ScenarioNode codes = node.object("dtc");
        codes.allowOnly(DTC);
        String ecu = codes.text("ecu");
        List<String> list = codes.texts("codes");
        String format = codes.has("format") ? codes.text("format") : "j2012";
        int status;
        try {
            status = codes.has("status") ? Integer.decode(codes.text("status")) : DtcFault.DEFAULT_STATUS;
        } catch (NumberFormatException e) {
            throw new ScenarioNode.Problem(codes.path() + ".status", "expected a status byte such as 0x09");
        }
        return within(codes.path(), () -> new DtcFault((int) vehicle, vin, at, ecu, format, list, status, expectRule));
    }

    /** Runs a record constructor, adding {@code path} to its validation message. */
    private static <T> T within(String path, Supplier<T> build) {
        try {
            return build.get();
        } catch (EngineException e) {
            throw new ScenarioNode.Problem(path, e.getMessage());
        }
    }
}
