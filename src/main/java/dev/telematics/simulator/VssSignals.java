package dev.telematics.simulator;

import java.util.List;

/**
 * The COVESA VSS 6.0 signal paths the simulator produces, in the order they appear in a telemetry
 * sample. Units follow VSS: km/h, m, degrees, percent, V, A (positive = into the battery), Celsius, kPa.
 * {@link #ISOLATION_RESISTANCE} (Ohm) is not part of VSS: it is this project's overlay signal.
 */
public final class VssSignals {
    public static final String SPEED = "Vehicle.Speed";
    public static final String TRAVELED_DISTANCE = "Vehicle.TraveledDistance";
    public static final String LATITUDE = "Vehicle.CurrentLocation.Latitude";
    public static final String LONGITUDE = "Vehicle.CurrentLocation.Longitude";
    private static final String HV = "Vehicle.Powertrain.TractionBattery.";
    public static final String SOC = HV + "StateOfCharge.Current";
    public static final String SOH = HV + "StateOfHealth";
    public static final String PACK_VOLTAGE = HV + "CurrentVoltage";
    public static final String PACK_CURRENT = HV + "CurrentCurrent";
    public static final String CELL_VOLTAGE_MIN = HV + "CellVoltage.Min";
    public static final String CELL_VOLTAGE_MAX = HV + "CellVoltage.Max";
    public static final String TEMPERATURE_AVERAGE = HV + "Temperature.Average";
    public static final String TEMPERATURE_MIN = HV + "Temperature.Min";
    public static final String TEMPERATURE_MAX = HV + "Temperature.Max";
    /** Overlay signal (not in VSS): HV insulation resistance in Ohm. */
    public static final String ISOLATION_RESISTANCE = HV + "IsolationResistance";
    public static final String LV_BATTERY_VOLTAGE = "Vehicle.LowVoltageBattery.CurrentVoltage";
    private static final String AXLE = "Vehicle.Chassis.Axle.";
    public static final String TIRE_FRONT_LEFT = AXLE + "Row1.Wheel.Left.Tire.Pressure";
    public static final String TIRE_FRONT_RIGHT = AXLE + "Row1.Wheel.Right.Tire.Pressure";
    public static final String TIRE_REAR_LEFT = AXLE + "Row2.Wheel.Left.Tire.Pressure";
    public static final String TIRE_REAR_RIGHT = AXLE + "Row2.Wheel.Right.Tire.Pressure";

    /** Every simulated signal, in sample order. */
    public static final List<String> ALL = List.of(
            SPEED, TRAVELED_DISTANCE, LATITUDE, LONGITUDE,
            SOC, SOH, PACK_VOLTAGE, PACK_CURRENT, CELL_VOLTAGE_MIN, CELL_VOLTAGE_MAX,
            TEMPERATURE_AVERAGE, TEMPERATURE_MIN, TEMPERATURE_MAX, ISOLATION_RESISTANCE,
            LV_BATTERY_VOLTAGE,
            TIRE_FRONT_LEFT, TIRE_FRONT_RIGHT, TIRE_REAR_LEFT, TIRE_REAR_RIGHT);

    private VssSignals() {
    }

    public static boolean isSimulated(String signal) {
        return ALL.contains(signal);
    }
}
