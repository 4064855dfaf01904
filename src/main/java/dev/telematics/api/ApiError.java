package dev.telematics.api;

import dev.telematics.error.ErrorCode;

/** The JSON body of every API error: {@code {"error": {"code": "CASE_NOT_FOUND", "status": 404, "message": "..."}}}. */
public record ApiError(Body error) {
    public record Body(String code, int status, String message) {
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(new Body(code.name(), code.httpStatus(), message));
    }
}
