package dev.telematics.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Consent decisions in memory (tests, the engine without a database). Thread-safe. */
public final class InMemoryConsentStore implements ConsentStore {
    private final Map<String, List<Consent>> byVin = new ConcurrentHashMap<>();

    @Override
    public Optional<Consent> current(String vin) {
        List<Consent> h = byVin.get(vin);
        if (h == null) {
            return Optional.empty();
        }
        synchronized (h) {
            return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
        }
    }

    @Override
    public void record(Consent decision) {
        List<Consent> h = byVin.computeIfAbsent(decision.vin(), v -> new ArrayList<>());
        synchronized (h) {
            h.add(decision);
        }
    }

    @Override
    public List<Consent> history(String vin, int limit) {
        List<Consent> h = byVin.getOrDefault(vin, List.of());
        synchronized (h) {
            List<Consent> out = new ArrayList<>();
            for (int i = h.size() - 1; i >= 0 && out.size() < limit; i--) {
                out.add(h.get(i));
            }
            return out;
        }
    }
}
