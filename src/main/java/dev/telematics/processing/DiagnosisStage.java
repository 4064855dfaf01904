package dev.telematics.processing;

import dev.telematics.cases.Evidence;
import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcView;
import dev.telematics.dtc.KnowledgeBase;
import dev.telematics.dtc.KnowledgeEntry;
import dev.telematics.rules.RuleFiring;
import dev.telematics.vehicle.VehicleState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Diagnosis: the evidence a technician sees of a firing. The trigger values, the car's latest signals and
 * their recent history, every active DTC decoded and explained from the knowledge base, and the knowledge
 * base's entry for the DTC that fired (causes, checks, parts, skill).
 */
public final class DiagnosisStage implements FiringStage {
    private final Supplier<KnowledgeBase> knowledge;

    /** {@code knowledge}: the knowledge base in force (it changes when the rules are reloaded). */
    public DiagnosisStage(Supplier<KnowledgeBase> knowledge) {
        this.knowledge = knowledge;
    }

    @Override
    public void process(Firing firing) {
        VehicleState state = firing.state();
        RuleFiring f = firing.rule();
        KnowledgeBase kb = knowledge.get();
        firing.evidence(new Evidence(Instant.ofEpochMilli(f.vehicleTimestampMillis()), f.trigger(), state.snapshot(),
                state.arraySnapshot(), state.recentHistory(), dtcViews(kb, state), diagnosis(kb, state, f)));
    }

    private static List<DtcView> dtcViews(KnowledgeBase kb, VehicleState state) {
        Optional<String> maker = kb.manufacturerOf(state.vin());
        List<DtcView> out = new ArrayList<>();
        for (DtcChange c : state.dtcs().active()) {
            out.add(DtcView.of(c, kb.lookup(c.dtc(), state.vin()), maker));
        }
        return out;
    }

    /** The knowledge-base entries of the DTC that made this rule fire (none for signal rules). */
    private static List<KnowledgeEntry> diagnosis(KnowledgeBase kb, VehicleState state, RuleFiring f) {
        Object key = f.trigger().get("key");
        if (key == null) {
            return List.of();
        }
        return state.dtcs().active().stream().filter(c -> c.dtc().key().equals(key))
                .map(c -> kb.lookup(c.dtc(), state.vin())).flatMap(Optional::stream).toList();
    }
}
