package dev.telematics.cases;

import java.time.Instant;

/** A technician's note on a case. */
public record CaseNote(Instant at, String author, String text) {
}
