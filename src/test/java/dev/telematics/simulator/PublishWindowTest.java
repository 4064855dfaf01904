package dev.telematics.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublishWindowTest {
    private final SimulatorCounters counters = new SimulatorCounters();
    private final PublishWindow window = new PublishWindow(2, counters);

    @Test
    void fullWindow_refusesWithoutBlocking_untilAPublishSettles() {
        PublishWindow.Ticket first = window.tryOpen(false);
        assertNotNull(window.tryOpen(false));

        assertNull(window.tryOpen(false));

        first.succeed();
        assertNotNull(window.tryOpen(false));
        assertEquals(3, counters.offered.sum());
    }

    @Test
    void ticket_settlesOnlyOnce_soCountsStayConsistent() {
        PublishWindow.Ticket t = window.tryOpen(true);

        assertTrue(t.succeed());
        assertFalse(t.fail());
        assertFalse(t.succeed());

        assertEquals(1, counters.acknowledged.sum());
        assertEquals(0, counters.failed.sum());
        assertEquals(1, counters.dtcSent.sum());
        assertNotNull(window.tryOpen(false));
        assertNotNull(window.tryOpen(false));
        assertNull(window.tryOpen(false), "a double settle must not free a second permit");
    }

    @Test
    void abandon_failsWhatIsInFlight_andClosesTheWindow() throws InterruptedException {
        PublishWindow.Ticket open = window.tryOpen(false);
        window.tryOpen(false).succeed();

        assertFalse(window.awaitDrained(1_000_000));
        assertEquals(1, window.abandon());

        assertFalse(open.succeed(), "a late acknowledgement after abandon is ignored");
        assertNull(window.tryOpen(false));
        assertTrue(window.awaitDrained(0));
        assertEquals(counters.offered.sum(), counters.acknowledged.sum() + counters.failed.sum());
    }

    @Test
    void backpressure_countsAsOfferedAndFailed() {
        counters.backpressure();

        assertEquals(1, counters.offered.sum());
        assertEquals(1, counters.failed.sum());
        assertEquals(1, counters.backpressured.sum());
    }
}
