package dev.telematics.dtc;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;

/** A DTC report (or part of one) that cannot be decoded, with the {@link DtcProblem} that says why. */
public final class DtcDecodeException extends EngineException {
    private final DtcProblem problem;

    public DtcDecodeException(DtcProblem problem, String message) {
        super(ErrorCode.BAD_REQUEST, problem + ": " + message);
        this.problem = problem;
    }

    public DtcProblem problem() {
        return problem;
    }
}
