package dev.telematics.vehicle;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strings every car's snapshot holds, known to writer and reader of format 2 so they take one byte:
 * the shipped signal paths, the rule-state kinds and the DTC states. Part of the format: entries are only
 * ever appended, never reordered or removed (a record refers to them by position; a reader older than an
 * appended entry refuses a record that uses it). Immutable.
 */
final class SnapshotStrings {
    private static final List<String> ALL = List.of(
            // the signal catalog of 2026-12 (signals.yaml), in its order
            "Vehicle.Speed",
            "Vehicle.TraveledDistance",
            "Vehicle.CurrentLocation.Latitude",
            "Vehicle.CurrentLocation.Longitude",
            "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current",
            "Vehicle.Powertrain.TractionBattery.StateOfHealth",
            "Vehicle.Powertrain.TractionBattery.CurrentVoltage",
            "Vehicle.Powertrain.TractionBattery.CurrentCurrent",
            "Vehicle.Powertrain.TractionBattery.CellVoltage.Min",
            "Vehicle.Powertrain.TractionBattery.CellVoltage.Max",
            "Vehicle.Powertrain.TractionBattery.CellVoltage.CellVoltages",
            "Vehicle.Powertrain.TractionBattery.Temperature.Average",
            "Vehicle.Powertrain.TractionBattery.Temperature.Min",
            "Vehicle.Powertrain.TractionBattery.Temperature.Max",
            "Vehicle.Powertrain.TractionBattery.IsolationResistance",
            "Vehicle.Powertrain.TractionBattery.IsCharging",
            "Vehicle.LowVoltageBattery.CurrentVoltage",
            "Vehicle.LowVoltageBattery.CurrentCurrent",
            "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure",
            "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure",
            "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure",
            "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
            "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Temperature",
            "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Temperature",
            "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Temperature",
            "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Temperature",
            "Vehicle.Exterior.AirTemperature",
            "Vehicle.Powertrain.Range",
            // rule-state kinds
            "threshold", "rate", "forecast", "outlier", "composite",
            // DTC states
            "PENDING", "CONFIRMED", "CLEARED");
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < ALL.size(); i++) {
            INDEX.put(ALL.get(i), i);
        }
    }

    private SnapshotStrings() {
    }

    static int indexOf(String s) {
        Integer i = INDEX.get(s);
        return i == null ? -1 : i;
    }

    static String get(int i) {
        return ALL.get(i);
    }

    static int size() {
        return ALL.size();
    }
}
