package dev.telematics.service;

/** A unit's status as it last reported it. Only an {@code AVAILABLE} unit can be dispatched. */
public enum UnitStatus {
    AVAILABLE, EN_ROUTE, ON_SITE, OFF_SHIFT
}
