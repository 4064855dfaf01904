package dev.telematics.service;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A workshop of the service network: where it is, when it is open (no range may close before it opens:
 * a workshop's day ends by midnight), what its technicians can do, how many bays it has and its parts
 * stock (part name as in the knowledge base -> quantity on hand, never negative).
 */
public record ServicePoint(ServicePointId id, String name, GeoPosition location, WeeklyHours openingHours,
                           Set<String> skills, int bays, Map<String, Integer> stock) {
    public ServicePoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(openingHours, "openingHours");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("service point '" + id + "' has no name");
        }
        openingHours.days().forEach((day, r) -> {
            if (r.crossesMidnight()) {
                throw new IllegalArgumentException("service point '" + id + "' closes before it opens on " + day + " (" + r + ")");
            }
        });
        if (bays < 1) {
            throw new IllegalArgumentException("service point '" + id + "' needs at least one bay, not " + bays);
        }
        skills = Set.copyOf(new TreeSet<>(skills));
        stock = Map.copyOf(new TreeMap<>(stock));
        stock.forEach((part, qty) -> {
            if (qty < 0) {
                throw new IllegalArgumentException("service point '" + id + "': negative stock " + qty + " of '" + part + "'");
            }
        });
    }

    public int stockOf(String part) {
        return stock.getOrDefault(part, 0);
    }
}
