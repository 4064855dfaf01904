package dev.telematics.consent;

import dev.telematics.cases.CaseWorkflow;
import java.time.Clock;
import java.util.Optional;

/**
 * An owner's decision about remote diagnostics, taken in: kept in the {@link ConsentStore} and noted on
 * the car's active cases (CONSENT_GRANTED / CONSENT_WITHDRAWN). A decision that repeats the one in force
 * changes nothing. Thread-safe; a failing database throws EngineException STORE_UNAVAILABLE.
 */
public final class OwnerConsent {
    private final ConsentStore store;
    private final CaseWorkflow cases;
    private final Clock clock;

    public OwnerConsent(ConsentStore store, CaseWorkflow cases, Clock clock) {
        this.store = store;
        this.cases = cases;
        this.clock = clock;
    }

    /** Takes the decision in; false when it only repeated the one in force. */
    public boolean decide(String vin, boolean remoteDiagnostics, String source) {
        Optional<Consent> current = store.current(vin);
        if (current.isPresent() && current.get().remoteDiagnostics() == remoteDiagnostics) {
            return false; // an owner app repeating itself
        }
        store.record(new Consent(vin, remoteDiagnostics, clock.instant(), source));
        cases.consentChanged(vin, remoteDiagnostics);
        return true;
    }
}
