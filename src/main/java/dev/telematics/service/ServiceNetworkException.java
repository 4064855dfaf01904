package dev.telematics.service;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.util.List;

/** A service-network file that cannot be loaded; the message lists every problem as "file:line: problem". */
public final class ServiceNetworkException extends EngineException {
    private final List<String> problems;

    public ServiceNetworkException(List<String> problems) {
        super(ErrorCode.CONFIG_INVALID, "invalid service network:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
