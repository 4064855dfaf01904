package dev.telematics.service;

/** What a mobile unit is: a mobile-service van (repairs on site) or a rescue truck (tows). */
public enum UnitKind {
    VAN, RESCUE_TRUCK
}
