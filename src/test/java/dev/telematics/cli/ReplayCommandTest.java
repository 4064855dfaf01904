package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The replay command on the two NASA ageing cells, exactly as docs/prediction.md runs it. */
class ReplayCommandTest {
    private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    private static List<JsonNode> replay(String cell) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("replay", "--csv", "datasets/nasa-battery/" + cell + "_capacity.csv",
                "--value-column", "capacity_ah", "--scale", "50", "--signal",
                "Vehicle.Powertrain.TractionBattery.StateOfHealth", "--start", "2020-01-01T00:00:00Z", "--step", "P1D",
                "--rules", "rules/validation/nasa-eol.yaml", "--forecast-at", "60,80,100");
        assertEquals(0, code, err.toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isBlank()) {
                lines.add(new ObjectMapper().readTree(l));
            }
        }
        return lines;
    }

    /** The 1-based cycle (sample) number of an instant printed by replay. */
    private static long cycle(JsonNode n) {
        return ChronoUnit.DAYS.between(START, Instant.parse(n.asText())) + 1;
    }

    @Test
    void nasaCells_forecastsAt60_80_100_haveIntervalsContainingTheTrueEndOfLife_andAWarningBeforeIt() throws Exception {
        for (Object[] c : new Object[][] {{"B0005", 125L}, {"B0006", 109L}}) {
            List<JsonNode> lines = replay((String) c[0]);
            long truth = (Long) c[1];
            List<JsonNode> forecasts = lines.stream().filter(l -> l.get("type").asText().equals("forecast")).toList();
            assertEquals(List.of(60, 80, 100), forecasts.stream().map(l -> l.get("sample").asInt()).toList());
            for (JsonNode f : forecasts) {
                assertEquals("soh-end-of-life", f.get("rule").asText());
                assertTrue(cycle(f.get("intervalLow")) <= truth && truth <= cycle(f.get("intervalHigh")), c[0] + " " + f);
            }
            JsonNode warning = lines.stream().filter(l -> l.get("type").asText().equals("warning")).findFirst().orElseThrow();
            int at = warning.get("sample").asInt();
            assertTrue(at < truth && at + 30 >= truth, c[0] + ": warned at " + at + ", not within 30 cycles before " + truth);
            assertEquals(1, lines.stream().filter(l -> l.get("type").asText().equals("warning")).count(), "one warning");
        }
    }

    @Test
    void missingColumn_isAClearError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("replay", "--csv", "datasets/nasa-battery/B0005_capacity.csv", "--value-column",
                "soh", "--signal", "Vehicle.Powertrain.TractionBattery.StateOfHealth", "--start", "2020-01-01T00:00:00Z",
                "--step", "P1D", "--rules", "rules/validation/nasa-eol.yaml");
        assertEquals(Main.EXIT_FAILURE, code);
        assertTrue(err.toString().contains("no column 'soh'"), err.toString());
    }

    @Test
    void missingFile_isAClearError() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("replay", "--csv", "no-such.csv", "--value-column", "v", "--signal",
                "Vehicle.Powertrain.TractionBattery.StateOfHealth", "--start", "2020-01-01T00:00:00Z", "--step", "P1D",
                "--rules", "rules/validation/nasa-eol.yaml");
        assertEquals(Main.EXIT_FAILURE, code);
        assertTrue(err.toString().contains("cannot read no-such.csv"), err.toString());
    }
}
