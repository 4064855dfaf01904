package dev.telematics.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.config.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a simulated car answers remote diagnostic commands ({@code {"id":..,"command":"READ_DTCS"}} on
 * {@code vehicles/{VIN}/commands}): READ_DTCS lists the DTCs it has reported and not cleared, SNAPSHOT
 * sends its latest signal values, CLEAR_DTCS forgets its DTCs; anything else is answered
 * {@code "status": "UNSUPPORTED"}. Answers are {@code {"status": "OK", ...}}.
 *
 * <p>Thread-safe: DTCs are recorded by the publish scheduler and read by the client's receive thread.
 */
public final class CarCommands {
    private static final ObjectMapper JSON = Json.newMapper();
    private final Map<String, Set<String>> dtcsByEcu = new ConcurrentHashMap<>();
    private final Supplier<Map<String, Double>> latestSignals;
    private final LongSupplier clock;

    public CarCommands(Supplier<Map<String, Double>> latestSignals, LongSupplier clockMillis) {
        this.latestSignals = latestSignals;
        this.clock = clockMillis;
    }

    /** The car reported these codes (a DTC message went out). */
    public void reported(String ecu, List<String> codes) {
        dtcsByEcu.computeIfAbsent(ecu, e -> ConcurrentHashMap.newKeySet()).addAll(codes);
    }

    /** The answer to one request payload (never null; a malformed request is answered INVALID_REQUEST). */
    public byte[] answer(byte[] request) {
        Map<String, Object> out = new LinkedHashMap<>();
        String command;
        try {
            JsonNode n = JSON.readTree(request);
            command = n != null && n.path("command").isTextual() ? n.path("command").asText() : null;
        } catch (IOException e) {
            command = null;
        }
        if (command == null) {
            out.put("status", "INVALID_REQUEST");
            out.put("reason", "a request needs {\"command\": \"...\"}");
            return write(out);
        }
        out.put("status", "OK");
        out.put("ts", clock.getAsLong());
        switch (command) {
            case "READ_DTCS" -> {
                List<Map<String, Object>> ecus = new ArrayList<>();
                dtcsByEcu.forEach((ecu, codes) -> {
                    if (!codes.isEmpty()) {
                        ecus.add(Map.of("ecu", ecu, "codes", List.copyOf(codes)));
                    }
                });
                out.put("dtcs", ecus);
            }
            case "SNAPSHOT" -> out.put("signals", latestSignals.get());
            case "CLEAR_DTCS" -> {
                int n = 0;
                for (Set<String> codes : dtcsByEcu.values()) {
                    n += codes.size();
                    codes.clear();
                }
                out.put("cleared", n);
            }
            default -> {
                out.put("status", "UNSUPPORTED");
                out.put("reason", "this car does not know the command " + command);
            }
        }
        return write(out);
    }

    private static byte[] write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
