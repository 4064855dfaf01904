package dev.telematics.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.vehicle.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import java.util.EnumMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CaseStore} in an SQL database (H2 embedded or PostgreSQL; schema in
 * {@code db/migration}). Every change is one transaction, committed before the method returns: a change
 * the caller saw succeed survives a crash of the engine. Optimistic locking on the row counter
 * {@code version} ({@link DiagnosticCase#storeVersion()}); the service center's edit version is the column
 * {@code edit_version} ({@link DiagnosticCase#version()}), written as the caller gives it. The
 * unique {@code active_key} column keeps one active case per vehicle and problem even when two engines
 * or threads race. Thread-safe (one pooled connection per call).
 */
public final class JdbcCaseStore implements CaseStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCaseStore.class);
    private static final String COLUMNS = "id, number, vin, problem, rule_id, severity, title, description, status, "
            + "opened_at, last_seen_at, occurrences, evidence, latest_evidence, work, assignee, sla_due_at, overdue, version, "
            + "edit_version";
    private static final String SEVERITY_RANK = "CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 "
            + "WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END";
    private final DataSource db;
    private final ObjectMapper json;
    private final String nextIdSql;

    /**
     * @param db       a pooled data source on a migrated schema ({@link CaseDatabase})
     * @param json     the mapper that writes and reads evidence
     * @param postgres true for PostgreSQL, false for H2 (they name "next value of a sequence" differently)
     */
    public JdbcCaseStore(DataSource db, ObjectMapper json, boolean postgres) {
        this.db = db;
        this.json = json;
        this.nextIdSql = postgres ? "SELECT nextval('case_ids')" : "SELECT NEXT VALUE FOR case_ids";
    }

    @Override
    public DiagnosticCase create(NewCase n) {
        return inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement(nextIdSql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            DiagnosticCase created = new DiagnosticCase(id, CaseNumbers.format(id), n.vin(), n.problem(), n.ruleId(),
                    n.severity(), n.title(), n.description(), CaseStatus.OPEN, n.openedAt(), n.openedAt(), 1,
                    n.evidence(), n.evidence(), List.of(), n.events(), n.work(), 1, 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cases (" + COLUMNS + ", active_key) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bindCase(ps, created);
                ps.setString(i, activeKey(created));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new EngineException(ErrorCode.STALE_UPDATE,
                            "vehicle " + n.vin() + " already has an active case for " + n.problem());
                }
                throw e;
            }
            insertEvents(c, id, created.events(), 0);
            return created;
        });
    }

    @Override
    public Optional<DiagnosticCase> findById(long id) {
        return inTransaction(c -> {
            List<DiagnosticCase> found = select(c, "SELECT " + COLUMNS + " FROM cases WHERE id = ?", List.of(id), true);
            return found.stream().findFirst();
        });
    }

    @Override
    public Optional<DiagnosticCase> findByNumber(String number) {
        return CaseNumbers.parse(number).flatMap(this::findById);
    }

    @Override
    public Optional<DiagnosticCase> findActive(String vin, String problem) {
        return inTransaction(c -> select(c, "SELECT " + COLUMNS + " FROM cases WHERE active_key = ?",
                List.of(vin + '|' + problem), true).stream().findFirst());
    }

    @Override
    public Optional<DiagnosticCase> findLatest(String vin, String problem) {
        return inTransaction(c -> select(c, "SELECT " + COLUMNS + " FROM cases WHERE vin = ? AND problem = ? "
                + "ORDER BY id DESC LIMIT 1", List.of(vin, problem), true).stream().findFirst());
    }

    @Override
    public List<DiagnosticCase> slaDueBefore(Instant t, int limit) {
        return inTransaction(c -> select(c, "SELECT " + COLUMNS + " FROM cases WHERE active_key IS NOT NULL "
                + "AND overdue = FALSE AND sla_due_at < ? ORDER BY sla_due_at, id LIMIT " + Math.max(1, limit),
                List.of(time(t)), true));
    }

    @Override
    public Map<String, Long> activeCasesByAssignee() {
        return inTransaction(c -> {
            Map<String, Long> m = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT assignee, COUNT(*) FROM cases WHERE "
                    + "active_key IS NOT NULL AND assignee IS NOT NULL GROUP BY assignee");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getLong(2));
                }
            }
            return m;
        });
    }

    @Override
    public Map<CaseStatus, Long> countByStatus() {
        return inTransaction(c -> {
            Map<CaseStatus, Long> m = new EnumMap<>(CaseStatus.class);
            for (CaseStatus st : CaseStatus.values()) {
                m.put(st, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM cases GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(CaseStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return m;
        });
    }

    @Override
    public DiagnosticCase update(DiagnosticCase changed) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE cases SET rule_id = ?, severity = ?, title = ?, "
                    + "status = ?, active_key = ?, last_seen_at = ?, occurrences = ?, latest_evidence = ?, work = ?, "
                    + "assignee = ?, sla_due_at = ?, overdue = ?, edit_version = ?, version = version + 1 "
                    + "WHERE id = ? AND version = ?")) {
                ps.setString(1, changed.ruleId());
                ps.setString(2, changed.severity().name());
                ps.setString(3, changed.title());
                ps.setString(4, changed.status().name());
                ps.setString(5, activeKey(changed));
                ps.setObject(6, time(changed.lastSeenAt()));
                ps.setInt(7, changed.occurrences());
                ps.setString(8, write(changed.latestEvidence()));
                ps.setString(9, write(changed.work()));
                ps.setString(10, changed.work().assignee());
                ps.setObject(11, time(changed.slaDueAt()));
                ps.setBoolean(12, changed.work().overdue());
                ps.setLong(13, changed.version());
                ps.setLong(14, changed.id());
                ps.setLong(15, changed.storeVersion());
                if (ps.executeUpdate() == 0) {
                    throw staleOrMissing(c, changed);
                }
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) { // reopening while a newer case is active
                    throw new EngineException(ErrorCode.STALE_UPDATE, "vehicle " + changed.vin()
                            + " already has another active case for " + changed.problem());
                }
                throw e;
            }
            insertEvents(c, changed.id(), changed.events(), count(c, "case_events", changed.id()));
            insertNotes(c, changed.id(), changed.notes(), count(c, "case_notes", changed.id()));
            return changed.withStoreVersion(changed.storeVersion() + 1);
        });
    }

    @Override
    public List<DiagnosticCase> list(CaseQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cases WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (query.severity() != null) {
            sql.append(" AND severity = ?");
            args.add(query.severity().name());
        }
        if (query.vin() != null) {
            sql.append(" AND vin = ?");
            args.add(query.vin());
        }
        if (query.assignee() != null) {
            sql.append(" AND assignee = ?");
            args.add(query.assignee());
        }
        if (query.active() != null) {
            sql.append(query.active() ? " AND active_key IS NOT NULL" : " AND active_key IS NULL");
        }
        if (query.overdue() != null) {
            sql.append(" AND overdue = ?");
            args.add(query.overdue());
        }
        // severity names sort critical < high < info < low < medium: rank them explicitly
        sql.append(query.sort() == CaseQuery.Sort.SLA
                ? " ORDER BY CASE WHEN sla_due_at IS NULL THEN 1 ELSE 0 END, sla_due_at, " + SEVERITY_RANK + ", id"
                : " ORDER BY id DESC");
        sql.append(" LIMIT ").append(query.limit()).append(" OFFSET ").append(query.offset());
        return inTransaction(c -> select(c, sql.toString(), args, true));
    }

    @Override
    public long count() {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cases"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private EngineException staleOrMissing(Connection c, DiagnosticCase changed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM cases WHERE id = ?")) {
            ps.setLong(1, changed.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new EngineException(ErrorCode.CASE_NOT_FOUND, "no case " + changed.id());
                }
                return new EngineException(ErrorCode.STALE_UPDATE, "case " + changed.number() + " was changed "
                        + "meanwhile (store version " + rs.getLong(1) + ", update based on " + changed.storeVersion() + ")");
            }
        }
    }

    private int bindCase(PreparedStatement ps, DiagnosticCase d) throws SQLException {
        ps.setLong(1, d.id());
        ps.setString(2, d.number());
        ps.setString(3, d.vin());
        ps.setString(4, d.problem());
        ps.setString(5, d.ruleId());
        ps.setString(6, d.severity().name());
        ps.setString(7, d.title());
        ps.setString(8, d.description());
        ps.setString(9, d.status().name());
        ps.setObject(10, time(d.openedAt()));
        ps.setObject(11, time(d.lastSeenAt()));
        ps.setInt(12, d.occurrences());
        ps.setString(13, write(d.evidence()));
        ps.setString(14, write(d.latestEvidence()));
        ps.setString(15, write(d.work()));
        ps.setString(16, d.work().assignee());
        ps.setObject(17, time(d.slaDueAt()));
        ps.setBoolean(18, d.work().overdue());
        ps.setLong(19, d.storeVersion());
        ps.setLong(20, d.version());
        return 21;
    }

    /** Cases of a query, with their events and notes (loaded for all of them in two more queries). */
    private List<DiagnosticCase> select(Connection c, String sql, List<Object> args, boolean withTrail)
            throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<CaseEvent>> events = new HashMap<>();
        Map<Long, List<CaseNote>> notes = new HashMap<>();
        if (withTrail) {
            String ids = String.join(",", rows.stream().map(r -> String.valueOf(r.id)).toList());
            try (PreparedStatement ps = c.prepareStatement("SELECT case_id, at, actor, type, from_status, to_status, "
                    + "detail FROM case_events WHERE case_id IN (" + ids + ") ORDER BY case_id, seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new CaseEvent(instant(rs, 2),
                            rs.getString(3), CaseEventType.valueOf(rs.getString(4)), status(rs.getString(5)), status(rs.getString(6)),
                            rs.getString(7)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT case_id, at, author, text FROM case_notes "
                    + "WHERE case_id IN (" + ids + ") ORDER BY case_id, seq"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new CaseNote(instant(rs, 2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        List<DiagnosticCase> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new DiagnosticCase(r.id, r.number, r.vin, r.problem, r.ruleId, r.severity, r.title, r.description,
                    r.status, r.openedAt, r.lastSeenAt, r.occurrences, read(r.evidence, Evidence.class),
                    read(r.latestEvidence, Evidence.class), notes.getOrDefault(r.id, List.of()),
                    events.getOrDefault(r.id, List.of()), read(r.work, CaseWork.class), r.editVersion, r.version));
        }
        return out;
    }

    /** One row of {@code cases} as read. */
    private static final class Row {
        final long id;
        final String number;
        final String vin;
        final String problem;
        final String ruleId;
        final Severity severity;
        final String title;
        final String description;
        final CaseStatus status;
        final Instant openedAt;
        final Instant lastSeenAt;
        final int occurrences;
        final String evidence;
        final String latestEvidence;
        final String work;
        final long version;
        final long editVersion;

        Row(ResultSet rs) throws SQLException {
            id = rs.getLong(1);
            number = rs.getString(2);
            vin = rs.getString(3);
            problem = rs.getString(4);
            ruleId = rs.getString(5);
            severity = Severity.valueOf(rs.getString(6));
            title = rs.getString(7);
            description = rs.getString(8);
            status = CaseStatus.valueOf(rs.getString(9));
            openedAt = instant(rs, 10);
            lastSeenAt = instant(rs, 11);
            occurrences = rs.getInt(12);
            evidence = rs.getString(13);
            latestEvidence = rs.getString(14);
            work = rs.getString(15);
            version = rs.getLong(19);
            editVersion = rs.getLong(20);
        }
    }

    private static void insertEvents(Connection c, long caseId, List<CaseEvent> events, int from) throws SQLException {
        if (from >= events.size()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO case_events (case_id, seq, at, actor, type, "
                + "from_status, to_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = from; i < events.size(); i++) {
                CaseEvent e = events.get(i);
                ps.setLong(1, caseId);
                ps.setInt(2, i);
                ps.setObject(3, time(e.at()));
                ps.setString(4, e.actor());
                ps.setString(5, e.type().name());
                ps.setString(6, e.from() == null ? null : e.from().name());
                ps.setString(7, e.to() == null ? null : e.to().name());
                ps.setString(8, e.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertNotes(Connection c, long caseId, List<CaseNote> notes, int from) throws SQLException {
        if (from >= notes.size()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO case_notes (case_id, seq, at, author, text) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = from; i < notes.size(); i++) {
                CaseNote n = notes.get(i);
                ps.setLong(1, caseId);
                ps.setInt(2, i);
                ps.setObject(3, time(n.at()));
                ps.setString(4, n.author());
                ps.setString(5, n.text());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static int count(Connection c, String table, long caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE case_id = ?")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String activeKey(DiagnosticCase d) {
        return d.status().active() ? d.vin() + '|' + d.problem() : null;
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static CaseStatus status(String s) {
        return s == null ? null : CaseStatus.valueOf(s);
    }

    private String write(Object e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new EngineException(ErrorCode.INTERNAL_ERROR, "cannot write a case: " + ex.getOriginalMessage(), ex);
        }
    }

    private <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException ex) {
            throw new EngineException(ErrorCode.INTERNAL_ERROR, "stored " + type.getSimpleName() + " unreadable: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            LOG.warn("case database error (SQL state {}): {}", state, e.getMessage());
            if (state.startsWith("22")) { // data exception: a value too long or out of range; nothing was written
                throw new EngineException(ErrorCode.INVALID_PARAMETER, "the case database refused a value (too long or "
                        + "out of range); nothing was changed", e);
            }
            if (state.startsWith("23")) { // integrity constraint: a bug, not an outage
                throw new EngineException(ErrorCode.INTERNAL_ERROR, "case database constraint violated; see the engine's log", e);
            }
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "the case database is unavailable; nothing was changed", e);
        }
    }
}
