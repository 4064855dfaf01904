package dev.telematics.dtc;

/**
 * The lamp status of a J1939 DM1 message (byte 1, two bits per lamp: 00 off, 01 on, 10 error, 11 not
 * available) and the flash status (byte 2: 00 slow flash, 01 fast flash, 10 reserved, 11 no flash).
 */
public record J1939Lamps(Lamp malfunction, Lamp redStop, Lamp amberWarning, Lamp protect,
                         Flash malfunctionFlash, Flash redStopFlash, Flash amberWarningFlash, Flash protectFlash) {

    public enum Lamp { OFF, ON, ERROR, NOT_AVAILABLE }

    public enum Flash { SLOW, FAST, RESERVED, NONE }

    public static J1939Lamps fromBytes(int status, int flash) {
        return new J1939Lamps(Lamp.values()[(status >> 6) & 3], Lamp.values()[(status >> 4) & 3],
                Lamp.values()[(status >> 2) & 3], Lamp.values()[status & 3], Flash.values()[(flash >> 6) & 3],
                Flash.values()[(flash >> 4) & 3], Flash.values()[(flash >> 2) & 3], Flash.values()[flash & 3]);
    }

    public int statusByte() {
        return malfunction.ordinal() << 6 | redStop.ordinal() << 4 | amberWarning.ordinal() << 2 | protect.ordinal();
    }

    public int flashByte() {
        return malfunctionFlash.ordinal() << 6 | redStopFlash.ordinal() << 4 | amberWarningFlash.ordinal() << 2
                | protectFlash.ordinal();
    }

    /** True when any lamp is on: the driver sees a warning. */
    public boolean anyOn() {
        return malfunction == Lamp.ON || redStop == Lamp.ON || amberWarning == Lamp.ON || protect == Lamp.ON;
    }
}
