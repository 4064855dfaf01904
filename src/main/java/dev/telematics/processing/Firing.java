package dev.telematics.processing;

import dev.telematics.cases.CaseOutcome;
import dev.telematics.cases.Evidence;
import dev.telematics.handoff.OwnerWarning;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.VehicleState;
import java.util.Objects;

/**
 * One rule firing on its way through the {@link FiringStage}s: each stage reads what the stages before it
 * set and adds its own result (evidence, the case outcome, the owner warning). Confined to the processing
 * thread of the vehicle; never shared.
 */
public final class Firing {
    private final VehicleState state;
    private final RuleFiring rule;
    private Evidence evidence;
    private CaseOutcome caseOutcome;
    private OwnerWarning warning;

    public Firing(VehicleState state, RuleFiring rule) {
        this.state = Objects.requireNonNull(state, "state");
        this.rule = Objects.requireNonNull(rule, "rule");
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
