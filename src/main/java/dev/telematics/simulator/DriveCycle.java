package dev.telematics.simulator;

/**
 * The closed-form driving pattern of one car: trips of {@code driveSeconds} whose speed follows
 * {@code top * sin^2(pi * tau / drive)} (smooth start and stop), separated by stops of {@code stopSeconds}.
 * Because the speed has a closed-form integral, distance is an exact, increasing function of time, and
 * every value is a pure function of elapsed time.
 *
 * <p>Immutable and thread-safe.
 */
final class DriveCycle {
    private final double topMps;
    private final double drive;
    private final double cycle;
    private final double phase;
    private final double tripMeters;

    DriveCycle(VehicleProfile profile) {
        this.topMps = profile.topSpeedKmh() / 3.6;
        this.drive = profile.driveSeconds();
        this.cycle = profile.driveSeconds() + profile.stopSeconds();
        this.phase = profile.phaseSeconds();
        this.tripMeters = topMps * drive / 2;
    }

    /** Speed in km/h at {@code t} seconds after the vehicle's start, 0..top speed. */
    double speedKmh(double t) {
        double tau = tau(t);
        if (tau >= drive) {
            return 0;
        }
        double s = Math.sin(Math.PI * tau / drive);
        return topMps * s * s * 3.6;
    }

    /** Acceleration in m/s^2 at {@code t}. */
    double acceleration(double t) {
        double tau = tau(t);
        return tau >= drive ? 0 : topMps * Math.PI / drive * Math.sin(2 * Math.PI * tau / drive);
    }

    /** True while on a trip (the DC-DC converter is active). */
    boolean driving(double t) {
        double tau = tau(t);
        return tau > 0 && tau < drive;
    }

    /** Metres driven between the vehicle's start and {@code t}; never decreases. */
    double metersSinceStart(double t) {
        return cumulative(t + phase) - cumulative(phase);
    }

    private double cumulative(double u) {
        double cycles = Math.floor(u / cycle);
        double tau = u - cycles * cycle;
        double partial = tau >= drive
                ? tripMeters
                : topMps * (tau / 2 - drive / (4 * Math.PI) * Math.sin(2 * Math.PI * tau / drive));
        return cycles * tripMeters + partial;
    }

    private double tau(double t) {
        double u = t + phase;
        return u - Math.floor(u / cycle) * cycle;
    }
}
