package dev.telematics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** A bench smoke run (seconds, not minutes): the report is complete and nothing was lost. No speed is asserted. */
class BenchCommandTest {
    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void smokeRun_reportsBareBrokerEngineRatioAndWarningLatency_withNothingLost_andAStepModeStep() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("bench", "--cars", "20", "--rate", "200", "--duration", "3", "--warmup", "1", "--qos", "1", "--json",
                "--step", "--p99-bound-ms", "0.000001", "--engine-heap", "512m");
        assertEquals(0, code, err.toString());
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertEquals(20, r.get("cars").asInt());
        assertEquals(200, r.get("offeredRate").asInt());
        for (String mode : new String[] {"bareBroker", "engine"}) {
            JsonNode m = r.get(mode);
            assertEquals(20, m.get("carsConnected").asInt(), mode);
            assertEquals(m.get("offered").asLong(), m.get("acknowledged").asLong() + m.get("failed").asLong(), mode);
            assertEquals(0, m.get("lost").asLong(), mode + " lost messages");
            assertTrue(m.get("achievedRate").asDouble() > 0, mode);
        }
        assertEquals(r.get("engine").get("acknowledged").asLong(),
                r.get("engine").get("processed").asLong() + r.get("engine").get("rejected").asLong());
        JsonNode engine = r.get("engine");
        assertTrue(engine.get("latencyMs").has("p99"));
        // one car reports an HV isolation fault during the measured run: its owner's warning comes back
        assertEquals(1, engine.get("warningsReceived").asLong());
        assertEquals(1, engine.get("carToWarningLatencyMs").get("count").asLong());
        assertTrue(engine.get("engineHeapUsedMb").asLong() > 0);
        assertTrue(engine.get("engineCpuSeconds").asDouble() > 0);
        assertTrue(engine.has("machineCpuBusyPercent") && engine.has("simulatorCpuPercentOfOneCore"));
        assertTrue(r.get("ratio").asDouble() > 0);
        // a bound no run can meet: one step, and no sustainable rate
        assertEquals(1, r.get("step").get("steps").size());
        assertTrue(r.get("step").get("highestSustainableRate").isNull());
    }
}
