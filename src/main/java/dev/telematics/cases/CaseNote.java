package dev.telematics.cases;

import java.time.Instant;
import java.util.Objects;

/** A technician's note on a case. */
public record CaseNote(Instant at, String author, String text) {
    public CaseNote {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
    }
}
