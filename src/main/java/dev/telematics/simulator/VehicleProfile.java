package dev.telematics.simulator;

import java.util.List;

/**
 * The constants that make one simulated car differ from the others, derived from (seed, vehicle index)
 * only. Field units: km/h, s, degrees, m, percent, V, Ohm, Celsius, kPa.
 *
 * <p>Immutable and thread-safe.
 */
record VehicleProfile(int vehicle, double topSpeedKmh, double driveSeconds, double stopSeconds,
                      double phaseSeconds, double startLatitude, double startLongitude, double headingRadians,
                      double turnRadiusMeters, double odometerMeters, double startSoc, double stateOfHealth,
                      double cellSpreadVolts, double lvDrivingVolts, double lvRestVolts, double ambientCelsius,
                      double tempBelowAverage, double tempAboveAverage, List<Double> tirePressuresKpa,
                      double isolationOhm) {

    /** The profile of vehicle {@code vehicle} (1-based) under {@code seed}. */
    static VehicleProfile of(long seed, int vehicle) {
        int c = 0;
        double drive = Noise.between(seed, vehicle, c++, 240, 600);
        double stop = Noise.between(seed, vehicle, c++, 30, 90);
        List<Double> tires = List.of(
                Noise.between(seed, vehicle, 100, 244, 252), Noise.between(seed, vehicle, 101, 244, 252),
                Noise.between(seed, vehicle, 102, 244, 252), Noise.between(seed, vehicle, 103, 244, 252));
        return new VehicleProfile(vehicle,
                Noise.between(seed, vehicle, c++, 50, 130),
                drive,
                stop,
                Noise.between(seed, vehicle, c++, 0, drive + stop),
                Noise.between(seed, vehicle, c++, 48.0, 53.5),
                Noise.between(seed, vehicle, c++, 7.0, 14.0),
                Noise.between(seed, vehicle, c++, 0, 2 * Math.PI),
                Noise.between(seed, vehicle, c++, 2000, 6000),
                Math.floor(Noise.between(seed, vehicle, c++, 5_000_000, 80_000_000)),
                Noise.between(seed, vehicle, c++, 40, 95),
                Noise.between(seed, vehicle, c++, 90, 99),
                Noise.between(seed, vehicle, c++, 0.006, 0.019),
                Noise.between(seed, vehicle, c++, 13.9, 14.3),
                Noise.between(seed, vehicle, c++, 12.55, 12.7),
                Noise.between(seed, vehicle, c++, 22, 25),
                Noise.between(seed, vehicle, c++, 0.5, 2),
                Noise.between(seed, vehicle, c++, 1, 3),
                tires,
                Noise.between(seed, vehicle, c, 2.5e6, 4.5e6));
    }

    /** Cold pressure of tire 0..3 (front left, front right, rear left, rear right). */
    double tirePressureKpa(int tire) {
        return tirePressuresKpa.get(tire);
    }
}
