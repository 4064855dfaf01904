package dev.telematics.processing;

import dev.telematics.dtc.DtcChange;
import dev.telematics.dtc.DtcLifecycle;
import dev.telematics.dtc.DtcState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A car's active DTCs as the firings of one message see them, read and ranked once however many rules the
 * message made fire (a report of 500 codes can fire dozens): the codes those firings are about, and the
 * most relevant of the others (confirmed before pending, then the most recently seen, then ECU and code).
 * One pass over at most {@link DtcLifecycle#MAX_ECUS} x 500 codes keeps a bounded heap; nothing else is
 * kept of them.
 *
 * <p>Confined to the processing thread of the vehicle, like the {@link Firing}s that share it.
 */
final class ActiveDtcs {
    /** Others: confirmed before pending, then the most recently seen, then by ECU and code (a total order). */
    static final Comparator<DtcChange> OTHERS = (a, b) -> {
        int r = Boolean.compare(b.state() == DtcState.CONFIRMED, a.state() == DtcState.CONFIRMED);
        if (r != 0) {
            return r;
        }
        r = Long.compare(b.lastSeen(), a.lastSeen());
        if (r != 0) {
            return r;
        }
        r = a.ecu().compareTo(b.ecu());
        return r != 0 ? r : a.dtc().key().compareTo(b.dtc().key());
    };

    private final int total;
    private final Map<String, List<DtcChange>> own;
    private final List<DtcChange> others;

    private ActiveDtcs(int total, Map<String, List<DtcChange>> own, List<DtcChange> others) {
        this.total = total;
        this.own = own;
        this.others = others;
    }

    /**
     * Reads {@code active} once: every entry of the codes in {@code keys}, and the {@code limit} most relevant
     * of all, plus room for one code on every ECU (a firing lists its own code first, and not again).
     */
    static ActiveDtcs rank(Collection<DtcChange> active, Set<String> keys, int limit) {
        Map<String, List<DtcChange>> own = new HashMap<>();
        int keep = limit == 0 ? 0 : limit + DtcLifecycle.MAX_ECUS;
        PriorityQueue<DtcChange> best = new PriorityQueue<>(keep + 1, OTHERS.reversed());
        for (DtcChange c : active) {
            if (keys.contains(c.dtc().key())) {
                own.computeIfAbsent(c.dtc().key(), k -> new ArrayList<>()).add(c);
            }
            if (keep == 0) {
                continue;
            }
            if (best.size() < keep) {
                best.add(c);
            } else if (OTHERS.compare(c, best.peek()) < 0) { // more relevant than the least relevant kept
                best.poll();
                best.add(c);
            }
        }
        List<DtcChange> others = new ArrayList<>(best);
        others.sort(OTHERS);
        return new ActiveDtcs(active.size(), own, others);
    }

    /** Active DTCs of the car. */
    int total() {
        return total;
    }

    /** Every active entry of the code {@code key} (any ECU), in no particular order; empty for none. */
    List<DtcChange> of(Object key) {
        return key == null ? List.of() : own.getOrDefault(key, List.of());
    }

    /**
     * The {@code limit} most relevant for a firing about {@code key} on {@code ecu} (both may be null): that
     * code on that ECU, then on the others (most recently seen first), then the others in {@link #OTHERS} order.
     */
    List<DtcChange> mostRelevant(Object key, Object ecu, int limit) {
        List<DtcChange> mine = new ArrayList<>(of(key));
        mine.sort(Comparator.<DtcChange>comparingInt(c -> c.ecu().equals(ecu) ? 0 : 1).thenComparing(OTHERS));
        List<DtcChange> out = new ArrayList<>(Math.min(limit, mine.size() + others.size()));
        for (DtcChange c : mine) {
            if (out.size() >= limit) {
                return out;
            }
            out.add(c);
        }
        for (DtcChange c : others) {
            if (out.size() >= limit) {
                break;
            }
            if (key == null || !c.dtc().key().equals(key)) {
                out.add(c);
            }
        }
        return out;
    }
}
