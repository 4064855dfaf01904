package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;

/**
 * Optional hooks into a running {@link FleetSimulator}, e.g. for progress output. Methods are called on
 * connect-pool and Paho callback threads, possibly concurrently; they must be quick and must not block
 * (a slow {@link #onWarning} holds up that car's MQTT callback thread).
 */
public interface SimulatorListener {
    /** A listener that ignores everything. */
    SimulatorListener NONE = new SimulatorListener() {
    };

    /** The car connected and subscribed to its warnings topic. */
    default void onConnected(Vin vin) {
    }

    /** The car could not connect (or subscribe); it takes no further part in the run. */
    default void onConnectFailed(Vin vin, Throwable cause) {
    }

    /** The car received an owner warning. */
    default void onWarning(ReceivedWarning warning) {
    }
}
