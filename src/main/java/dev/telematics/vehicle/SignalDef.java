package dev.telematics.vehicle;

import java.util.Objects;

/** One known signal: its VSS path, value type, unit and physical range (inclusive). */
public record SignalDef(String path, SignalType type, String unit, double min, double max, boolean overlay) {
    public SignalDef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        if (!path.startsWith("Vehicle.")) {
            throw new IllegalArgumentException("signal path must start with 'Vehicle.': " + path);
        }
        if (min > max) {
            throw new IllegalArgumentException("signal " + path + ": min " + min + " > max " + max);
        }
    }

    /** True when {@code value} is a finite number inside the physical range. */
    public boolean inRange(double value) {
        return Double.isFinite(value) && value >= min && value <= max;
    }
}
