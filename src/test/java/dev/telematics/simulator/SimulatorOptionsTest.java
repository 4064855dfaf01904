package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Vin;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void of_givesTheDocumentedDefaults() {
        SimulatorOptions o = SimulatorOptions.of("tcp://127.0.0.1:1883");

        assertEquals(1, o.qos());
        assertEquals(8, o.window());
        assertEquals(50, o.connectParallelism());
        assertEquals(Optional.empty(), o.credentials().apply(new Vin("LRWDEMC0000000001")));
        assertTrue(o.plainTcp());
    }

    @Test
    void invalidValues_areRefusedWithTheirName() {
        SimulatorOptions o = SimulatorOptions.of("tcp://127.0.0.1:1883");

        assertProblem("qos", () -> o.withQos(2));
        assertProblem("window", () -> o.withWindow(0));
        assertProblem("brokerUri", () -> SimulatorOptions.of("http://127.0.0.1:1883"));
        assertProblem("connectParallelism", () -> o.withConnectParallelism(0));
    }

    @Test
    void credentials_hidePasswordInToString() {
        assertEquals("Credentials[username=car, password=***]", new Credentials("car", "secret").toString());
    }

    private static void assertProblem(String name, Runnable r) {
        EngineException e = assertThrows(EngineException.class, r::run);
        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
        assertTrue(e.getMessage().startsWith(name), e.getMessage());
    }
}
