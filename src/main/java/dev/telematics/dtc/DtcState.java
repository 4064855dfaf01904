package dev.telematics.dtc;

/** Where a DTC of one ECU stands: pending (seen once, not yet confirmed), confirmed, or cleared. */
public enum DtcState { PENDING, CONFIRMED, CLEARED }
