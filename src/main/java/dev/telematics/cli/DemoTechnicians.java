package dev.telematics.cli;

import dev.telematics.cases.CaseQuery;
import dev.telematics.cases.CaseWorkflow;
import dev.telematics.cases.CaseStatus;
import dev.telematics.cases.DiagnosticCase;
import dev.telematics.cases.WorkOrder;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The demo's remote technicians: after the cars have run, they work the cases the way a service center
 * would, so the demo ends with cases in several workflow states. An isolation fault gets a roadside
 * dispatch, a flat tire mobile service, lost CAN communication an OTA fix, a weak 12 V system a remote
 * fix and closing, a contactor or supply fault a workshop booking with a work order; an overheating
 * pack stays in diagnosis, and the newest case is left open for the console.
 */
final class DemoTechnicians {
    /** Where the demo prints (printf-style). */
    interface Say {
        void say(String format, Object... args);
    }

    private final CaseWorkflow cases;
    private final Say out;

    DemoTechnicians(CaseWorkflow cases, Say out) {
        this.cases = cases;
        this.out = out;
    }

    /** Works the active cases among {@code openedNow} (the demo's own: older cases in the folder are left alone). */
    void work(Set<String> openedNow) {
        List<DiagnosticCase> active = cases.list(new CaseQuery(null, null, null, null, true, null, null, 0,
                CaseQuery.MAX_LIMIT)).stream().filter(c -> openedNow.contains(c.number()))
                .sorted(Comparator.comparingLong(DiagnosticCase::id)).toList();
        for (int i = 0; i < active.size() - 1; i++) { // the newest stays OPEN
            handle(active.get(i));
        }
    }

    private void handle(DiagnosticCase c) {
        String who = c.work().assignee() == null ? "duty-technician" : c.work().assignee();
        String n = c.number();
        cases.acknowledge(n, who);
        CaseStatus outcome = outcomeFor(c);
        if (outcome == CaseStatus.ACKNOWLEDGED) {
            report(n);
            return;
        }
        cases.transition(n, who, CaseStatus.IN_DIAGNOSIS, "reading the evidence and the live data", null);
        if (outcome == CaseStatus.IN_DIAGNOSIS) {
            cases.addNote(n, who, "Max cell temperature came down after the stop; watching the next drive.");
            report(n);
            return;
        }
        cases.transition(n, who, outcome, reasonFor(outcome), null);
        if (outcome == CaseStatus.RESOLVED_REMOTELY) {
            cases.transition(n, who, CaseStatus.CLOSED, "owner confirmed the car starts normally", null);
        }
        report(n);
    }

    private void report(String number) {
        DiagnosticCase c = cases.get(number);
        WorkOrder w = c.work().workOrder();
        out.say("service  %s  %-26s by %-6s -> %s%s%n", c.number(), c.problem(),
                c.work().assignee() == null ? "-" : c.work().assignee(), c.status(),
                w == null ? "" : "  (work order " + w.number() + ": parts " + w.parts() + ")");
    }

    private static CaseStatus outcomeFor(DiagnosticCase c) {
        String p = c.problem();
        if (p.startsWith("hv-isolation")) {
            return CaseStatus.ROADSIDE_DISPATCHED;
        }
        if (p.startsWith("tire")) {
            return CaseStatus.MOBILE_SERVICE_DISPATCHED;
        }
        if (p.startsWith("lost-comm")) {
            return CaseStatus.OTA_FIX_SCHEDULED;
        }
        if (p.startsWith("lv-")) {
            return CaseStatus.RESOLVED_REMOTELY;
        }
        if (p.startsWith("hv-battery-overtemp")) {
            return CaseStatus.IN_DIAGNOSIS;
        }
        if (c.ruleId().startsWith("kb-")) {
            return CaseStatus.SERVICE_BOOKED;
        }
        return CaseStatus.ACKNOWLEDGED;
    }

    private static String reasonFor(CaseStatus s) {
        return switch (s) {
            case ROADSIDE_DISPATCHED -> "isolation fault: the car must not be driven; tow to the workshop";
            case MOBILE_SERVICE_DISPATCHED -> "slow puncture: mobile tire service to the owner's address";
            case OTA_FIX_SCHEDULED -> "known VCU gateway firmware issue; update scheduled tonight";
            case RESOLVED_REMOTELY -> "DC-DC converter reset remotely; 12 V back to 14.1 V";
            case SERVICE_BOOKED -> "workshop visit booked; parts staged from the work order";
            default -> null;
        };
    }
}
