package dev.telematics.rules;

/** The plain words an owner reads when a rule fires: a short title and what it means / what to do. */
public record OwnerMessage(String title, String text) {
    public OwnerMessage {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("owner warning needs a title");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("owner warning needs a text");
        }
    }
}
