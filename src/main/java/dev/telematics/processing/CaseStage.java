package dev.telematics.processing;

import dev.telematics.cases.CaseIntake;
import dev.telematics.ingest.IngestStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Case intake: a firing of a rule that opens cases opens one, adds an occurrence to the car's active case
 * for the problem, or reopens a recently closed one; the write is committed before the stage returns. A
 * case database that fails is counted and logged, and the owner is still warned (without a case number).
 */
public final class CaseStage implements FiringStage {
    private static final Logger LOG = LoggerFactory.getLogger(CaseStage.class);
    private final CaseIntake cases;
    private final IngestStats stats;

    public CaseStage(CaseIntake cases, IngestStats stats) {
        this.cases = cases;
        this.stats = stats;
    }

    @Override
    public void process(Firing firing) {
        if (!firing.rule().rule().opensCase()) {
            return;
        }
        try {
            firing.caseOutcome(cases.recordFiring(firing.rule(), firing.evidence()));
        } catch (RuntimeException e) { // the case database failed: the owner must still be warned
            stats.caseRecordFailure();
            LOG.error("the case of {} for rule {} could not be recorded; the owner is warned without a case number: {}",
                    firing.rule().vin(), firing.rule().rule().id(), e.toString());
        }
    }
}
