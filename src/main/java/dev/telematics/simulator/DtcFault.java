package dev.telematics.simulator;

import dev.telematics.vehicle.Vin;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DTC fault: at {@code at} the vehicle publishes once on {@code vehicles/{VIN}/dtc} that {@code ecu}
 * reports {@code codes} (SAE J2012 format).
 *
 * <p>Immutable and thread-safe.
 *
 * @param vehicle    1-based vehicle index
 * @param vin        VIN of that vehicle
 * @param at         when the codes are published, after the vehicle's first publish, >= 0
 * @param ecu        reporting ECU (BMS, VCU, OBC, ...), not blank
 * @param codes      at least one J2012 code {@code [PCBU][0-3][0-9A-F]{3}}
 * @param expectRule rule the engine should fire, or {@code null}
 */
public record DtcFault(int vehicle, Vin vin, Duration at, String ecu, List<String> codes, String expectRule)
        implements Fault {
    private static final Pattern J2012 = Pattern.compile("[PCBU][0-3][0-9A-F]{3}");

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
        if (codes == null || codes.isEmpty()) {
            throw FleetSpec.invalid("dtc.codes must list at least one code");
        }
        codes = List.copyOf(codes);
        for (String code : codes) {
            if (!J2012.matcher(code).matches()) {
                throw FleetSpec.invalid("dtc code '" + code + "' is not an SAE J2012 code like P0AA6");
            }
        }
    }

    @Override
    public Kind kind() {
        return Kind.DTC;
    }
}
