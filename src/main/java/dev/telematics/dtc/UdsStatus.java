package dev.telematics.dtc;

import java.util.ArrayList;
import java.util.List;

/** The UDS (ISO 14229-1) statusOfDTC byte of one DTC, bit by bit. */
public record UdsStatus(int value) {
    public static final int TEST_FAILED = 0x01;
    public static final int TEST_FAILED_THIS_OPERATION_CYCLE = 0x02;
    public static final int PENDING_DTC = 0x04;
    public static final int CONFIRMED_DTC = 0x08;
    public static final int TEST_NOT_COMPLETED_SINCE_LAST_CLEAR = 0x10;
    public static final int TEST_FAILED_SINCE_LAST_CLEAR = 0x20;
    public static final int TEST_NOT_COMPLETED_THIS_OPERATION_CYCLE = 0x40;
    public static final int WARNING_INDICATOR_REQUESTED = 0x80;
    private static final String[] NAMES = {"testFailed", "testFailedThisOperationCycle", "pendingDTC", "confirmedDTC",
        "testNotCompletedSinceLastClear", "testFailedSinceLastClear", "testNotCompletedThisOperationCycle",
        "warningIndicatorRequested"};

    public UdsStatus {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("status byte must be 0x00-0xFF");
        }
    }

    public boolean has(int mask) {
        return (value & mask) == mask;
    }

    public boolean testFailed() {
        return has(TEST_FAILED);
    }

    public boolean testFailedThisOperationCycle() {
        return has(TEST_FAILED_THIS_OPERATION_CYCLE);
    }

    public boolean pendingDTC() {
        return has(PENDING_DTC);
    }

    public boolean confirmedDTC() {
        return has(CONFIRMED_DTC);
    }

    public boolean testNotCompletedSinceLastClear() {
        return has(TEST_NOT_COMPLETED_SINCE_LAST_CLEAR);
    }

    public boolean testFailedSinceLastClear() {
        return has(TEST_FAILED_SINCE_LAST_CLEAR);
    }

    public boolean testNotCompletedThisOperationCycle() {
        return has(TEST_NOT_COMPLETED_THIS_OPERATION_CYCLE);
    }

    public boolean warningIndicatorRequested() {
        return has(WARNING_INDICATOR_REQUESTED);
    }

    /** Whether the DTC is active at all: failing now, pending or confirmed. Otherwise the ECU reports it cleared. */
    public boolean active() {
        return (value & (TEST_FAILED | PENDING_DTC | CONFIRMED_DTC)) != 0;
    }

    /** The names of the bits that are set, lowest bit first (ISO 14229-1 names). */
    public List<String> bits() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            if ((value & (1 << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /** The bit mask of an ISO 14229-1 status bit name such as "confirmedDTC". */
    public static int maskOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("unknown UDS status bit '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
}
