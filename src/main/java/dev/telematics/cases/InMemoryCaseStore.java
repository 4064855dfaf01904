package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** A {@link CaseStore} in memory (lost on restart; for tests and benchmarks). Thread-safe; writes are serialised. */
public final class InMemoryCaseStore implements CaseStore {
    private final Map<Long, DiagnosticCase> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> activeByKey = new ConcurrentHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized DiagnosticCase create(NewCase n) {
        String key = key(n.vin(), n.problem());
        if (activeByKey.containsKey(key)) {
            throw new EngineException(ErrorCode.STALE_UPDATE,
                    "vehicle " + n.vin() + " already has an active case for " + n.problem());
        }
        long id = nextId++;
        DiagnosticCase c = new DiagnosticCase(id, CaseNumbers.format(id), n.vin(), n.problem(), n.ruleId(),
                n.severity(), n.title(), n.description(), CaseStatus.OPEN, n.openedAt(), n.openedAt(), 1,
                n.evidence(), n.evidence(), List.of(), n.events(), n.work(), 1, 1);
        byId.put(id, c);
        activeByKey.put(key, id);
        return c;
    }

    @Override
    public Optional<DiagnosticCase> findById(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<DiagnosticCase> findByNumber(String number) {
        return CaseNumbers.parse(number).flatMap(this::findById);
    }

    @Override
    public Optional<DiagnosticCase> findActive(String vin, String problem) {
        Long id = activeByKey.get(key(vin, problem));
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public Optional<DiagnosticCase> findLatest(String vin, String problem) {
        return byId.values().stream().filter(c -> c.vin().equals(vin) && c.problem().equals(problem))
                .max(Comparator.comparingLong(DiagnosticCase::id));
    }

    @Override
    public synchronized DiagnosticCase update(DiagnosticCase changed) {
        DiagnosticCase current = byId.get(changed.id());
        if (current == null) {
            throw new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + changed.id());
        }
        if (current.storeVersion() != changed.storeVersion()) {
            throw new EngineException(ErrorCode.STALE_UPDATE, "case " + current.number() + " was changed meanwhile "
                    + "(store version " + current.storeVersion() + ", update based on " + changed.storeVersion() + ")");
        }
        String key = key(changed.vin(), changed.problem());
        if (changed.status().active()) {
            Long other = activeByKey.putIfAbsent(key, changed.id());
            if (other != null && other != changed.id()) {
                throw new EngineException(ErrorCode.STALE_UPDATE, "vehicle " + changed.vin()
                        + " already has another active case for " + changed.problem());
            }
        } else {
            activeByKey.remove(key, changed.id());
        }
        DiagnosticCase stored = changed.withStoreVersion(current.storeVersion() + 1);
        byId.put(stored.id(), stored);
        return stored;
    }

    @Override
    public List<DiagnosticCase> list(CaseQuery query) {
        Comparator<DiagnosticCase> order = query.sort() == CaseQuery.Sort.SLA ? SLA_ORDER
                : Comparator.comparingLong(DiagnosticCase::id).reversed();
        return byId.values().stream()
                .filter(query::matches)
                .sorted(order)
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }

    /** Next SLA due time first (none last), then most severe, then oldest. */
    static final Comparator<DiagnosticCase> SLA_ORDER = Comparator
            .comparing(DiagnosticCase::slaDueAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(DiagnosticCase::severity)
            .thenComparingLong(DiagnosticCase::id);

    @Override
    public List<DiagnosticCase> slaDueBefore(Instant t, int limit) {
        return byId.values().stream()
                .filter(c -> c.status().active() && !c.work().overdue() && c.slaDueAt() != null && c.slaDueAt().isBefore(t))
                .sorted(SLA_ORDER).limit(limit).toList();
    }

    @Override
    public Map<String, Long> activeCasesByAssignee() {
        return byId.values().stream().filter(c -> c.status().active() && c.work().assignee() != null)
                .collect(Collectors.groupingBy(c -> c.work().assignee(), TreeMap::new, Collectors.counting()));
    }

    @Override
    public Map<CaseStatus, Long> countByStatus() {
        Map<CaseStatus, Long> m = new EnumMap<>(CaseStatus.class);
        for (CaseStatus s : CaseStatus.values()) {
            m.put(s, 0L);
        }
        byId.values().forEach(c -> m.merge(c.status(), 1L, Long::sum));
        return m;
    }

    @Override
    public long count() {
        return byId.size();
    }

    private static String key(String vin, String problem) {
        return vin + '\u0000' + problem;
    }
}
