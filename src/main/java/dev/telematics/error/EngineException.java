package dev.telematics.error;

/** Unchecked exception carrying a stable {@link ErrorCode}; the API maps it to a JSON error. */
public class EngineException extends RuntimeException {
    private final ErrorCode code;

    public EngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public EngineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
