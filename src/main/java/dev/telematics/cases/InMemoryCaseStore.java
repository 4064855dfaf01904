package dev.telematics.cases;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CaseStore} in memory (lost on restart). Thread-safe; writes are serialised on the store. */
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
                n.evidence(), n.evidence(), List.of(), List.of(n.openedEvent()), 1);
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
    public synchronized DiagnosticCase update(DiagnosticCase changed) {
        DiagnosticCase current = byId.get(changed.id());
        if (current == null) {
            throw new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + changed.id());
        }
        if (current.version() != changed.version()) {
            throw new EngineException(ErrorCode.STALE_UPDATE, "case " + current.number()
                    + " was changed meanwhile (version " + current.version() + ", update based on " + changed.version() + ")");
        }
        DiagnosticCase stored = changed.withVersion(current.version() + 1);
        byId.put(stored.id(), stored);
        if (!stored.status().active()) {
            activeByKey.remove(key(stored.vin(), stored.problem()), stored.id());
        }
        return stored;
    }

    @Override
    public List<DiagnosticCase> list(CaseQuery query) {
        return byId.values().stream()
                .filter(query::matches)
                .sorted(Comparator.comparingLong(DiagnosticCase::id).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public long count() {
        return byId.size();
    }

    private static String key(String vin, String problem) {
        return vin + '\u0000' + problem;
    }
}
