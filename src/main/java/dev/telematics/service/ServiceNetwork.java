package dev.telematics.service;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The service points and mobile units; ids are unique (a point and a unit may not share one either). Immutable. */
public record ServiceNetwork(List<ServicePoint> points, List<ServiceUnit> units) {
    public ServiceNetwork {
        points = List.copyOf(Objects.requireNonNull(points, "points"));
        units = List.copyOf(Objects.requireNonNull(units, "units"));
        Set<String> ids = new HashSet<>();
        for (ServicePoint p : points) {
            if (!ids.add(p.id().value())) {
                throw new IllegalArgumentException("id '" + p.id() + "' is used twice");
            }
        }
        for (ServiceUnit u : units) {
            if (!ids.add(u.id().value())) {
                throw new IllegalArgumentException("id '" + u.id() + "' is used twice");
            }
        }
    }

    public Optional<ServicePoint> point(ServicePointId id) {
        return points.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<ServiceUnit> unit(UnitId id) {
        return units.stream().filter(u -> u.id().equals(id)).findFirst();
    }
}
