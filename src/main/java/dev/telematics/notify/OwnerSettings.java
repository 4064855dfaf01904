package dev.telematics.notify;

import dev.telematics.handoff.OwnerLanguage;

/**
 * What each owner chose for their car (today: the language of their warnings), set from the owner app.
 * Implementations are thread-safe.
 */
public interface OwnerSettings {
    /** The owner's language for the car ({@link OwnerLanguage}), or null when the owner chose none. */
    String language(String vin);

    void setLanguage(String vin, String language);
}
