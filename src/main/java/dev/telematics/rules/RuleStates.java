package dev.telematics.rules;

import dev.telematics.vehicle.VehicleSnapshot.RuleState;
import dev.telematics.vehicle.VehicleState;
import java.util.ArrayList;
import java.util.List;

/**
 * A vehicle's rule states by rule id ({@link RuleStateCodec}), out of and back into the slots the
 * rule engine keeps in {@link VehicleState}. Called on the vehicle's worker (export) or before the
 * workers start (restore), like everything that touches a vehicle's state.
 */
public final class RuleStates {
    private RuleStates() {
    }

    /** The vehicle's rule states, of the rule set that owns its slots (none before its first rule ran). */
    public static List<RuleState> export(VehicleState vs) {
        if (!(vs.ruleSlotsOwner() instanceof RuleSet rs)) {
            return List.of();
        }
        Object[] slots = vs.ruleSlots();
        List<RuleState> out = new ArrayList<>();
        for (int i = 0; i < slots.length && i < rs.size(); i++) {
            if (slots[i] != null) {
                RuleState s = RuleStateCodec.encode(rs.all().get(i), rs.fingerprint(i), slots[i]);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * Puts saved rule states into the vehicle's slots for {@code rs}; a state whose rule is gone or changed
     * is dropped. Returns how many were dropped.
     */
    public static int restore(RuleSet rs, VehicleState vs, List<RuleState> saved) {
        Object[] slots = new Object[rs.size()];
        int dropped = 0;
        for (RuleState s : saved) {
            Rule r = rs.byId(s.rule());
            Object state = r == null ? null : RuleStateCodec.decode(r, rs.fingerprint(rs.slot(r)), s);
            if (state == null) {
                dropped++;
            } else {
                slots[rs.slot(r)] = state;
            }
        }
        vs.ruleSlots(rs, slots);
        return dropped;
    }
}
