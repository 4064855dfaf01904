package dev.telematics.cli;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.simulator.SimulatorOptions;
import java.util.Locale;

/** Reads the {@code --transport} option. */
final class Transports {
    private Transports() {
    }

    static SimulatorOptions.Transport parse(String text) {
        try {
            return SimulatorOptions.Transport.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "--transport '" + text + "' is not paho or hivemq");
        }
    }
}
