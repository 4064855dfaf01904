package dev.telematics.dtc;

/** The UDS failure type byte (FTB) that follows a J2012 code: its high nibble is the category (SAE J2012-DA). */
public final class FailureType {
    private static final String[] CATEGORIES = {"general failure information", "general electrical failure",
        "general signal failure", "FM (frequency modulated) / PWM failure", "system internal failure",
        "system programming failure", "algorithm based failure", "mechanical failure", "bus signal / message failure",
        "component failure", "reserved", "reserved", "reserved", "reserved", "reserved", "manufacturer specific"};

    private FailureType() {
    }

    public static String category(int ftb) {
        return CATEGORIES[(ftb >> 4) & 0x0F];
    }
}
