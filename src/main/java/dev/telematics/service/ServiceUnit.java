package dev.telematics.service;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A mobile-service van or rescue truck: its home point, its crew's skills and its shift (may cross midnight). */
public record ServiceUnit(UnitId id, UnitKind kind, GeoPosition home, Set<String> skills, WeeklyHours shift) {
    public ServiceUnit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(shift, "shift");
        skills = Set.copyOf(new TreeSet<>(skills));
    }
}
