package dev.telematics.simulator;

import dev.telematics.dtc.DtcCode;
import dev.telematics.dtc.HexBytes;
import dev.telematics.dtc.J1939Dm1;
import dev.telematics.dtc.J1939Dtc;
import dev.telematics.dtc.J1939Lamps;
import dev.telematics.dtc.ReportedDtc;
import dev.telematics.dtc.UdsDtcReply;
import dev.telematics.dtc.UdsStatus;
import dev.telematics.error.EngineException;
import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DTC fault: at {@code at} the vehicle publishes once on {@code vehicles/{VIN}/dtc} that {@code ecu}
 * reports {@code codes}, in one of the three encodings of the contract:
 * <ul>
 *   <li>{@code j2012}: codes such as {@code P0AA6};</li>
 *   <li>{@code uds}: a raw ReadDTCInformation reply (59 02 FF ...) of codes such as {@code P0AA6} or
 *       {@code P0110-1C} (with failure type byte), each with the status byte {@code status};</li>
 *   <li>{@code j1939-dm1}: a raw DM1 payload of codes written {@code SPN/FMI} ({@code 168/4}), amber
 *       warning lamp on.</li>
 * </ul>
 * <p>Immutable and thread-safe.
 *
 * @param vehicle    1-based vehicle index
 * @param vin        VIN of that vehicle
 * @param at         when the codes are published, after the vehicle's first publish, >= 0
 * @param ecu        reporting ECU (BMS, VCU, OBC, ...), not blank
 * @param format     j2012, uds or j1939-dm1
 * @param codes      at least one code, written as the format needs
 * @param status     UDS status byte of every code (uds only)
 * @param expectRule rule the engine should fire, or {@code null}
 */
public record DtcFault(int vehicle, Vin vin, Duration at, String ecu, String format, List<String> codes, int status,
                       String expectRule) implements Fault {
    public static final List<String> FORMATS = List.of("j2012", "uds", "j1939-dm1");
    /** testFailed + confirmedDTC: a fault failing now and confirmed. */
    public static final int DEFAULT_STATUS = UdsStatus.TEST_FAILED | UdsStatus.CONFIRMED_DTC;

    public DtcFault {
        if (vehicle < 1) {
            throw FleetSpec.invalid("vehicle must be >= 1, got " + vehicle);
        }
        Objects.requireNonNull(vin, "vin");
        if (at == null || at.isNegative()) {
            throw FleetSpec.invalid("at must be a non-negative duration, got " + at);
        }
        if (ecu == null || ecu.isBlank()) {
            throw FleetSpec.invalid("dtc.ecu must not be blank");
        }
        if (!FORMATS.contains(format)) {
            throw FleetSpec.invalid("dtc.format '" + format + "' is not one of " + FORMATS);
        }
        if (codes == null || codes.isEmpty()) {
            throw FleetSpec.invalid("dtc.codes must list at least one code");
        }
        if (status < 0 || status > 0xFF) {
            throw FleetSpec.invalid("dtc.status must be a status byte 0x00-0xFF");
        }
        codes = List.copyOf(codes);
        payloadData(format, codes, status); // validates every code for its format
    }

    /** A J2012 fault as most scenarios write it. */
    public DtcFault(int vehicle, Vin vin, Duration at, String ecu, List<String> codes, String expectRule) {
        this(vehicle, vin, at, ecu, "j2012", codes, DEFAULT_STATUS, expectRule);
    }

    @Override
    public Kind kind() {
        return Kind.DTC;
    }

    /** The payload's hex {@code data} (uds, j1939-dm1), or null for j2012. */
    public String data() {
        return payloadData(format, codes, status);
    }

    private static String payloadData(String format, List<String> codes, int status) {
        try {
            return switch (format) {
                case "j2012" -> {
                    codes.forEach(c -> {
                        if (!DtcCode.isValid(c)) {
                            throw FleetSpec.invalid("dtc code '" + c + "' is not an SAE J2012 code like P0AA6");
                        }
                    });
                    yield null;
                }
                case "uds" -> {
                    List<ReportedDtc> dtcs = new ArrayList<>();
                    for (String c : codes) {
                        String[] parts = c.split("-", 2);
                        if (!DtcCode.isValid(parts[0])) {
                            throw FleetSpec.invalid("dtc code '" + c + "' is not a J2012 code (P0AA6) or code-FTB (P0110-1C)");
                        }
                        int ftb = parts.length == 2 ? Integer.parseInt(parts[1], 16) : 0;
                        dtcs.add(ReportedDtc.uds(new DtcCode(parts[0]), ftb, new UdsStatus(status)));
                    }
                    yield HexBytes.format(UdsDtcReply.encode(dtcs));
                }
                default -> {
                    List<J1939Dtc> dtcs = new ArrayList<>();
                    for (String c : codes) {
                        String[] parts = c.split("/", 2);
                        if (parts.length != 2) {
                            throw FleetSpec.invalid("J1939 code '" + c + "' must be written SPN/FMI, e.g. 168/4");
                        }
                        dtcs.add(new J1939Dtc(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), 1, 0));
                    }
                    yield HexBytes.format(J1939Dm1.encode(J1939Lamps.fromBytes(0x04, 0xFF), dtcs));
                }
            };
        } catch (NumberFormatException e) {
            throw FleetSpec.invalid("dtc code in " + codes + " has a number that is not one: " + e.getMessage());
        } catch (EngineException e) {
            throw FleetSpec.invalid(e.getMessage());
        }
    }
}
