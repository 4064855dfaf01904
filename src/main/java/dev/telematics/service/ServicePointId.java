package dev.telematics.service;

import java.util.Objects;

/** A service point's id: lower-case letters, digits and dashes, starting with a letter or digit. */
public record ServicePointId(String value) implements Comparable<ServicePointId> {
    public ServicePointId {
        Objects.requireNonNull(value, "service point id");
        if (!Ids.valid(value)) {
            throw new IllegalArgumentException("service point id '" + value + "' " + Ids.RULE);
        }
    }

    @Override
    public int compareTo(ServicePointId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
