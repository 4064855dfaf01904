package dev.telematics.dtc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DTC history of one vehicle, per ECU: each DTC's state (pending, confirmed, cleared), first and
 * last time seen, how often it became active, and which rules fired for its current episode.
 *
 * <p>Each report is an ECU's complete list of its DTCs: a DTC the ECU no longer lists is cleared.
 * Not thread-safe: owned by the vehicle's ingest worker, like the rest of its state.
 */
public final class DtcLifecycle {
    /** Cleared DTCs kept per ECU to count their reappearances; the oldest go first. */
    public static final int MAX_CLEARED_PER_ECU = 200;

    private static final class Entry {
        ReportedDtc dtc;
        DtcState state;
        long firstSeen;
        long lastSeen;
        int occurrences;
        final Set<String> firedRules = new HashSet<>();
    }

    /** ECUs tracked per vehicle; reports of further ECUs are refused. */
    public static final int MAX_ECUS = 64;

    private final Map<String, Map<String, Entry>> byEcu = new TreeMap<>();
    private final Map<String, Long> lastReportTs = new HashMap<>();
    private long changes;

    /**
     * One tracked DTC as saved in a vehicle snapshot (see {@link #export()}).
     *
     * @param firedRules ids of the rules that fired for the DTC's current episode
     */
    public record Saved(String ecu, ReportedDtc dtc, DtcState state, long firstSeen, long lastSeen, int occurrences,
                        List<String> firedRules) {
        public Saved {
            Objects.requireNonNull(ecu, "ecu");
            Objects.requireNonNull(dtc, "dtc");
            Objects.requireNonNull(state, "state");
            firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
            if (occurrences < 1) {
                throw new IllegalArgumentException("a tracked DTC occurred at least once");
            }
        }
    }

    /** Every tracked DTC (active and cleared, in tracking order per ECU), for a snapshot. */
    public List<Saved> export() {
        List<Saved> out = new ArrayList<>();
        byEcu.forEach((ecu, entries) -> entries.values().forEach(e -> out.add(new Saved(ecu, e.dtc, e.state,
                e.firstSeen, e.lastSeen, e.occurrences, new ArrayList<>(new TreeSet<>(e.firedRules))))));
        return out;
    }

    /** The latest report time of each ECU (for {@link #late}), for a snapshot. */
    public Map<String, Long> exportReportTimes() {
        return new TreeMap<>(lastReportTs);
    }

    /**
     * A lifecycle as it was saved ({@link #export()}, {@link #exportReportTimes()}); ECUs beyond
     * {@link #MAX_ECUS} are left out.
     */
    public static DtcLifecycle restore(List<Saved> saved, Map<String, Long> reportTimes) {
        DtcLifecycle l = new DtcLifecycle();
        for (Saved s : saved) {
            if (!l.accepts(s.ecu())) {
                continue;
            }
            Entry e = new Entry();
            e.dtc = s.dtc();
            e.state = s.state();
            e.firstSeen = s.firstSeen();
            e.lastSeen = s.lastSeen();
            e.occurrences = s.occurrences();
            e.firedRules.addAll(s.firedRules());
            l.byEcu.computeIfAbsent(s.ecu(), k -> new LinkedHashMap<>()).put(s.dtc().key(), e);
        }
        reportTimes.forEach((ecu, ts) -> {
            if (l.byEcu.containsKey(ecu) || l.byEcu.size() < MAX_ECUS) {
                l.lastReportTs.put(ecu, ts);
            }
        });
        return l;
    }

    /** Grows with every change (report applied, rule marked fired): a snapshot is due when it moved. */
    public long changes() {
        return changes;
    }

    /** Whether the report is older than the ECU's latest one (sent late): it must not rewrite the present. */
    public boolean late(DtcReport report) {
        Long last = lastReportTs.get(report.ecu());
        return last != null && report.timestampMillis() < last;
    }

    /** Whether a report of this ECU can be tracked (a known ECU, or room for one more). */
    public boolean accepts(String ecu) {
        return byEcu.containsKey(ecu) || byEcu.size() < MAX_ECUS;
    }

    /** Applies an ECU's report and says what changed for each of its DTCs. */
    public List<DtcChange> apply(DtcReport report) {
        Map<String, Entry> entries = byEcu.computeIfAbsent(report.ecu(), k -> new LinkedHashMap<>());
        changes++;
        long ts = report.timestampMillis();
        lastReportTs.put(report.ecu(), ts);
        List<DtcChange> changes = new ArrayList<>();
        Set<String> activeNow = new HashSet<>();
        for (ReportedDtc d : report.dtcs()) {
            if (!d.active() || !activeNow.add(d.key())) {
                continue;
            }
            DtcState state = d.confirmed() ? DtcState.CONFIRMED : DtcState.PENDING;
            Entry e = entries.get(d.key());
            DtcChange.Transition t;
            if (e == null) {
                e = new Entry();
                e.firstSeen = ts;
                e.occurrences = 1;
                entries.put(d.key(), e);
                t = DtcChange.Transition.NEW;
            } else if (e.state == DtcState.CLEARED) {
                e.occurrences++;
                e.firedRules.clear();
                t = DtcChange.Transition.REAPPEARED;
            } else if (e.state == DtcState.PENDING && state == DtcState.CONFIRMED) {
                t = DtcChange.Transition.CONFIRMED;
            } else {
                t = DtcChange.Transition.STILL_PRESENT;
            }
            e.dtc = d;
            e.state = state;
            e.lastSeen = ts;
            changes.add(change(report.ecu(), e, t));
        }
        for (Entry e : entries.values()) {
            if (e.state != DtcState.CLEARED && !activeNow.contains(e.dtc.key())) {
                e.state = DtcState.CLEARED;
                e.firedRules.clear();
                changes.add(change(report.ecu(), e, DtcChange.Transition.CLEARED));
            }
        }
        evictOldCleared(entries);
        return changes;
    }

    /** Records that a rule fired for the current episode of a DTC; returns false when it had already. */
    public boolean markFired(String ecu, String key, String ruleId) {
        Entry e = byEcu.getOrDefault(ecu, Map.of()).get(key);
        if (e == null || !e.firedRules.add(ruleId)) {
            return false;
        }
        changes++;
        return true;
    }

    public boolean hasFired(String ecu, String key, String ruleId) {
        Entry e = byEcu.getOrDefault(ecu, Map.of()).get(key);
        return e != null && e.firedRules.contains(ruleId);
    }

    /** Every DTC the vehicle has active now, by ECU then key (a copy). */
    public List<DtcChange> active() {
        List<DtcChange> out = new ArrayList<>();
        byEcu.forEach((ecu, entries) -> entries.values().stream()
                .filter(e -> e.state != DtcState.CLEARED)
                .sorted(Comparator.comparing(e -> e.dtc.key()))
                .forEach(e -> out.add(change(ecu, e, DtcChange.Transition.STILL_PRESENT))));
        return out;
    }

    private static DtcChange change(String ecu, Entry e, DtcChange.Transition t) {
        return new DtcChange(ecu, e.dtc, t, e.state, e.firstSeen, e.lastSeen, e.occurrences);
    }

    private static void evictOldCleared(Map<String, Entry> entries) {
        long cleared = entries.values().stream().filter(e -> e.state == DtcState.CLEARED).count();
        if (cleared <= MAX_CLEARED_PER_ECU) {
            return;
        }
        entries.entrySet().stream().filter(x -> x.getValue().state == DtcState.CLEARED)
                .sorted(Comparator.comparingLong(x -> x.getValue().lastSeen))
                .limit(cleared - MAX_CLEARED_PER_ECU).map(Map.Entry::getKey).toList()
                .forEach(entries::remove);
    }
}
