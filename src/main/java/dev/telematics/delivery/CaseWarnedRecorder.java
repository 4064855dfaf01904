package dev.telematics.delivery;

import dev.telematics.cases.CaseWorkflow;
import java.time.Instant;

/**
 * Records delivery's progress on the case: the warning under way while it is published (so that an owner
 * app acknowledging it at once is not refused), then which warning the broker took and when
 * ({@link CaseWorkflow#ownerWarned}), or that it was never sent. Thread-safe (the workflow is).
 */
public final class CaseWarnedRecorder implements WarnedRecorder {
    private final CaseWorkflow workflow;

    public CaseWarnedRecorder(CaseWorkflow workflow) {
        this.workflow = workflow;
    }

    @Override
    public void sending(long caseId, String warningId) {
        workflow.warningUnderWay(caseId, warningId);
    }

    @Override
    public void warned(long caseId, String warningId, Instant at) {
        workflow.ownerWarned(caseId, warningId, at);
    }

    @Override
    public void notSent(long caseId, String warningId) {
        workflow.warningNotSent(caseId, warningId);
    }
}
