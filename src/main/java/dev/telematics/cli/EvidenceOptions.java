package dev.telematics.cli;

import dev.telematics.cases.Evidence;
import picocli.CommandLine.Option;

/** How much one rule firing copies into its case ({@code run}, {@code demo}); what is left out is counted. */
final class EvidenceOptions {
    @Option(names = "--evidence-dtcs", description = "active DTCs copied into a case per firing, the most relevant "
            + "first; the rest are counted in dtcsOmitted (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Evidence.Limits.DEFAULT_DTCS)
    int dtcs;

    @Option(names = "--evidence-signals", description = "signals copied into a case per firing, those the rule "
            + "names first; the rest are counted in signalsOmitted (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Evidence.Limits.DEFAULT_SIGNALS)
    int signals;

    @Option(names = "--evidence-points", description = "newest history points copied per signal; the rest are "
            + "counted in historyPointsOmitted (default: ${DEFAULT-VALUE})",
            defaultValue = "" + Evidence.Limits.DEFAULT_HISTORY_POINTS)
    int points;

    Evidence.Limits toLimits() {
        return new Evidence.Limits(dtcs, signals, points);
    }
}
