package dev.telematics.simulator;

import static dev.telematics.simulator.VssSignals.*;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The normal (fault-free) signals of a simulated car: a pure, deterministic function of
 * (seed, vehicle index, elapsed time since the vehicle's first publish). Calling it twice with the same
 * arguments gives the same sample; noise comes from {@link Noise}, never from a shared random generator.
 *
 * <p>Immutable and thread-safe.
 */
public final class SignalModel {
    static final int CELLS_IN_SERIES = 96;
    private static final double PACK_RESISTANCE_OHM = 0.05;
    private static final double KWH_PER_PERCENT_KM = 0.24;
    private static final double MIN_SOC = 10;
    private static final double VEHICLE_KG = 2000;
    private static final double METERS_PER_DEGREE = 111_320;

    private final long seed;

    public SignalModel(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /**
     * The sample of vehicle {@code vehicle} (1-based) at {@code elapsedMillis} after its first publish:
     * every signal of {@link VssSignals#ALL}, in that order, in VSS units.
     */
    public Map<String, Double> sample(int vehicle, long elapsedMillis) {
        VehicleProfile p = VehicleProfile.of(seed, vehicle);
        DriveCycle cycle = new DriveCycle(p);
        double t = elapsedMillis / 1000.0;
        boolean driving = cycle.driving(t);
        double speed = cycle.speedKmh(t);
        double meters = cycle.metersSinceStart(t);
        Map<String, Double> s = new LinkedHashMap<>();

        s.put(SPEED, round(driving ? clamp(speed + 0.3 * noise(p, SPEED, elapsedMillis), 0, 130) : 0, 1));
        s.put(TRAVELED_DISTANCE, round(p.odometerMeters() + meters, 1));
        putLocation(s, p, meters);

        double soc = Math.max(MIN_SOC, p.startSoc() - meters / 1000 * KWH_PER_PERCENT_KM);
        s.put(SOC, round(soc, 2));
        s.put(SOH, round(p.stateOfHealth(), 1));
        double ocvCell = 3.6 + 0.55 * soc / 100;
        double powerKw = driving ? tractionPowerKw(speed, cycle.acceleration(t)) : 0.3;
        double current = -powerKw * 1000 / (ocvCell * CELLS_IN_SERIES) + 0.5 * noise(p, PACK_CURRENT, elapsedMillis);
        double cell = clamp(ocvCell + current * PACK_RESISTANCE_OHM / CELLS_IN_SERIES, 3.605, 4.14);
        s.put(PACK_VOLTAGE, round(cell * CELLS_IN_SERIES, 2));
        s.put(PACK_CURRENT, round(current, 2));
        double spread = p.cellSpreadVolts() + 0.0005 * noise(p, CELL_VOLTAGE_MIN, elapsedMillis);
        s.put(CELL_VOLTAGE_MIN, round(cell - 0.4 * spread, 4));
        s.put(CELL_VOLTAGE_MAX, round(cell + 0.6 * spread, 4));

        double average = p.ambientCelsius() + 4 * (1 - Math.exp(-t / 900)) + 2 * speed / 130
                + 0.1 * noise(p, TEMPERATURE_AVERAGE, elapsedMillis);
        s.put(TEMPERATURE_AVERAGE, round(clamp(average, 20, 35), 1));
        s.put(TEMPERATURE_MIN, round(clamp(average - p.tempBelowAverage(), 20, 35), 1));
        s.put(TEMPERATURE_MAX, round(clamp(average + p.tempAboveAverage(), 20, 35), 1));
        s.put(ISOLATION_RESISTANCE, 1000.0 * Math.round((p.isolationOhm() + 40_000 * noise(p, ISOLATION_RESISTANCE, elapsedMillis)) / 1000));

        double lv = driving
                ? clamp(p.lvDrivingVolts() + 0.05 * noise(p, LV_BATTERY_VOLTAGE, elapsedMillis), 13.8, 14.4)
                : p.lvRestVolts() + 0.02 * noise(p, LV_BATTERY_VOLTAGE, elapsedMillis);
        s.put(LV_BATTERY_VOLTAGE, round(lv, 2));

        String[] tires = {TIRE_FRONT_LEFT, TIRE_FRONT_RIGHT, TIRE_REAR_LEFT, TIRE_REAR_RIGHT};
        double warm = 4 * (1 - Math.exp(-t / 1200));
        for (int i = 0; i < tires.length; i++) {
            double kpa = p.tirePressureKpa(i) + warm + 0.3 * noise(p, tires[i], elapsedMillis);
            s.put(tires[i], round(clamp(kpa, 240, 260), 1));
        }
        return s;
    }

    private static void putLocation(Map<String, Double> s, VehicleProfile p, double meters) {
        double r = p.turnRadiusMeters();
        double h0 = p.headingRadians();
        double h = h0 + meters / r;
        double east = r * (Math.cos(h0) - Math.cos(h));
        double north = r * (Math.sin(h) - Math.sin(h0));
        double lat = p.startLatitude() + north / METERS_PER_DEGREE;
        double lon = p.startLongitude() + east / (METERS_PER_DEGREE * Math.cos(Math.toRadians(p.startLatitude())));
        s.put(LATITUDE, round(lat, 6));
        s.put(LONGITUDE, round(lon, 6));
    }

    /** Battery power in kW (positive = discharging) for a speed in km/h and an acceleration in m/s^2. */
    private static double tractionPowerKw(double speedKmh, double acceleration) {
        double mps = speedKmh / 3.6;
        double cruise = 1.5 + 0.12 * speedKmh + 1.2e-5 * speedKmh * speedKmh * speedKmh;
        return Math.max(-50, cruise + VEHICLE_KG * mps * acceleration / 1000);
    }

    private double noise(VehicleProfile p, String signal, long elapsedMillis) {
        return Noise.symmetric(seed, p.vehicle(), ALL.indexOf(signal), elapsedMillis);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
