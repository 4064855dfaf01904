package dev.telematics.notify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Owner settings in memory (lost on restart; for tests and benchmarks). */
public final class InMemoryOwnerSettings implements OwnerSettings {
    private final Map<String, String> languages = new ConcurrentHashMap<>();

    @Override
    public String language(String vin) {
        return languages.get(vin);
    }

    @Override
    public void setLanguage(String vin, String language) {
        languages.put(vin, language);
    }
}
