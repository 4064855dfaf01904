package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the owner warnings one simulated car receives, whatever its transport, and tells the
 * listener.
 *
 * <p>Threading: called on the transport's receive thread; {@link #warning} stays tiny (a small JSON
 * parse and a queue add) so the client's receive path never stalls.
 */
final class VehicleCallback {
    static final Logger LOG = LoggerFactory.getLogger("dev.telematics.simulator");

    private final Vin vin;
    private final Clock clock;
    private final SimulatorCounters counters;
    private final SimulatorListener listener;

    VehicleCallback(Vin vin, Clock clock, SimulatorCounters counters, SimulatorListener listener) {
        this.vin = vin;
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
    }

    /** Records and reports one warning payload (any transport's thread). */
    void warning(byte[] payload) {
        ReceivedWarning w = ReceivedWarning.parse(vin.value(), payload, clock.millis());
        counters.warning(w);
        try {
            listener.onWarning(w);
        } catch (RuntimeException e) {
            LOG.warn("{}: warning listener failed", vin, e);
        }
    }
}
