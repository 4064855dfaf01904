package dev.telematics.vehicle;

/** A signal value at a vehicle timestamp (epoch ms). */
public record TimedValue(long ts, double value) {
}
