package dev.telematics.service;

import java.util.Objects;

/** A mobile unit's id (van or rescue truck): lower-case letters, digits and dashes. */
public record UnitId(String value) implements Comparable<UnitId> {
    public UnitId {
        Objects.requireNonNull(value, "unit id");
        if (!Ids.valid(value)) {
            throw new IllegalArgumentException("unit id '" + value + "' " + Ids.RULE);
        }
    }

    @Override
    public int compareTo(UnitId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
