package dev.telematics.dtc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A DTC as a technician reads it: decoded fields, lifecycle, and what it means (from the knowledge
 * base, or said plainly that its meaning is not known here). Immutable, for evidence and the API.
 *
 * @param j1939ConversionMethod J1939: the SPN conversion method bit as the ECU sent it (0, or 1 for the
 *                              J1939-73 versions 1-3, whose SPN is read in the version 3 layout); null otherwise
 */
public record DtcView(String ecu, String dtc, String code, String description, String system,
                      boolean manufacturerSpecific, Integer ftb, String ftbCategory, Integer status,
                      List<String> statusBits, Integer spn, Integer fmi, Integer j1939OccurrenceCount,
                      Integer j1939ConversionMethod, String state, Instant firstSeen, Instant lastSeen, int occurrences) {

    /** A view without a J1939 conversion method (J2012, UDS and raw DTCs). */
    public DtcView(String ecu, String dtc, String code, String description, String system,
                   boolean manufacturerSpecific, Integer ftb, String ftbCategory, Integer status,
                   List<String> statusBits, Integer spn, Integer fmi, Integer j1939OccurrenceCount, String state,
                   Instant firstSeen, Instant lastSeen, int occurrences) {
        this(ecu, dtc, code, description, system, manufacturerSpecific, ftb, ftbCategory, status, statusBits, spn, fmi,
                j1939OccurrenceCount, null, state, firstSeen, lastSeen, occurrences);
    }

    public static DtcView of(DtcChange c, Optional<KnowledgeEntry> kb, Optional<String> maker) {
        ReportedDtc d = c.dtc();
        boolean mfr = d.code() != null && d.code().manufacturerSpecific();
        String description = kb.map(KnowledgeEntry::description).orElseGet(() -> unknownMeaning(d, mfr, maker));
        return new DtcView(c.ecu(), d.label(), d.code() == null ? null : d.code().code(), description,
                kb.map(KnowledgeEntry::system).orElse(null), mfr, d.ftb(),
                d.ftb() == null ? null : FailureType.category(d.ftb()),
                d.status() == null ? null : d.status().value(), d.status() == null ? List.of() : d.status().bits(),
                d.j1939() == null ? null : d.j1939().spn(), d.j1939() == null ? null : d.j1939().fmi(),
                d.j1939() == null ? null : d.j1939().occurrenceCount(),
                d.j1939() == null ? null : d.j1939().conversionMethod(), c.state().name(),
                Instant.ofEpochMilli(c.firstSeen()), Instant.ofEpochMilli(c.lastSeen()), c.occurrences());
    }

    private static String unknownMeaning(ReportedDtc d, boolean mfr, Optional<String> maker) {
        if (d.code() != null && d.code().reserved()) {
            return "code in a range SAE J2012 reserves: no meaning is defined";
        }
        if (mfr) {
            return "manufacturer-specific code of " + maker.orElse("an unknown maker")
                    + ": its meaning is defined by the manufacturer and not in the knowledge base";
        }
        if (d.code() != null) {
            return "SAE J2012 code not in the knowledge base";
        }
        return d.j1939() != null ? "J1939 parameter not in the knowledge base" : "DTC in a format without a standard meaning";
    }
}
