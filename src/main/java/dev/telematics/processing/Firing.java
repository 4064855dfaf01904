package dev.telematics.processing;

import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.Evidence;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.VehicleState;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule firing on its way through the {@link FiringStage}s: each stage reads what the stages before it
 * set and adds its own result (evidence, the case outcome, the owner warning). Confined to the processing
 * thread of the vehicle; never shared.
 */
public final class Firing {
    private final VehicleState state;
    private final RuleFiring rule;
    private final Batch batch;
    private Evidence evidence;
    private CaseOutcome caseOutcome;
    private OwnerWarning warning;

    /** A firing on its own. */
    public Firing(VehicleState state, RuleFiring rule) {
        this(state, rule, new Batch(List.of(rule)));
    }

    /** One of the firings of one message, which share {@code batch}. */
    Firing(VehicleState state, RuleFiring rule, Batch batch) {
        this.state = Objects.requireNonNull(state, "state");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    /**
     * What the firings of one message share: the car's active DTCs, read and ranked once by the first
     * firing that needs them (the car's state does not change between the firings of a message).
     */
    static final class Batch {
        private final List<RuleFiring> firings;
        private ActiveDtcs dtcs;
        private int dtcsLimit = -1;

        Batch(List<RuleFiring> firings) {
            this.firings = List.copyOf(firings);
        }

        ActiveDtcs dtcs(VehicleState state, int limit) {
            if (dtcs == null || dtcsLimit != limit) {
                Set<String> keys = new HashSet<>();
                for (RuleFiring f : firings) {
                    if (f.trigger().get("key") instanceof String k) {
                        keys.add(k);
                    }
                }
                dtcs = ActiveDtcs.rank(state.dtcs().active(), keys, limit);
                dtcsLimit = limit;
            }
            return dtcs;
        }
    }

    Batch batch() {
        return batch;
    }

    public VehicleState state() {
        return state;
    }

    public RuleFiring rule() {
        return rule;
    }

    /** Set by the diagnosis stage. */
    public Evidence evidence() {
        return evidence;
    }

    void evidence(Evidence e) {
        this.evidence = e;
    }

    /** Set by the case stage: the case the firing opened or updated; null when the rule opens no case or it failed. */
    public CaseOutcome caseOutcome() {
        return caseOutcome;
    }

    void caseOutcome(CaseOutcome o) {
        this.caseOutcome = o;
    }

    /** Set by the warning stage: the warning to send the owner; null when none is due. */
    public OwnerWarning warning() {
        return warning;
    }

    void warning(OwnerWarning w) {
        this.warning = w;
    }
}
