package dev.telematics.state;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Snapshots in the engine's database (tables {@code vehicle_state} and {@code engine_state}, migration
 * V6), H2 or PostgreSQL. Rows are written in batches of {@value #BATCH}, each batch one transaction.
 * Thread-safe (a connection per call).
 */
public final class JdbcVehicleStateStore implements VehicleStateStore {
    static final int BATCH = 500;
    private final DataSource db;

    public JdbcVehicleStateStore(DataSource db) {
        this.db = db;
    }

    @Override
    public void saveVehicles(Collection<Stored> rows) {
        List<Stored> all = new ArrayList<>(rows);
        try (Connection c = db.getConnection()) {
            boolean postgres = isPostgres(c);
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsert("vehicle_state", "vin", postgres))) {
                for (int i = 0; i < all.size(); i++) {
                    bind(ps, all.get(i));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0 || i == all.size() - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "vehicle state: " + e.getMessage(), e);
        }
    }

    @Override
    public void loadVehicles(Consumer<Stored> each) {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT vin, format_version, state, updated_at FROM vehicle_state")) {
                ps.setFetchSize(200);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new Stored(rs.getString(1), rs.getInt(2), rs.getBytes(3),
                                rs.getTimestamp(4).toInstant()));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "vehicle state: " + e.getMessage(), e);
        }
    }

    @Override
    public void savePart(Stored part) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(upsert("engine_state", "name", isPostgres(c)))) {
            bind(ps, part);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "engine state: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Stored> loadPart(String name) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, format_version, state, updated_at FROM engine_state WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getInt(2), rs.getBytes(3),
                        rs.getTimestamp(4).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "engine state: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Stored s) throws SQLException {
        ps.setString(1, s.key());
        ps.setInt(2, s.format());
        ps.setBytes(3, s.bytes());
        ps.setTimestamp(4, Timestamp.from(s.updatedAt()));
    }

    /** Insert or replace: H2's MERGE ... KEY, PostgreSQL's ON CONFLICT (13+ has no MERGE). */
    private static String upsert(String table, String key, boolean postgres) {
        return postgres
                ? "INSERT INTO " + table + " (" + key + ", format_version, state, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (" + key + ") DO UPDATE SET format_version = EXCLUDED.format_version, "
                        + "state = EXCLUDED.state, updated_at = EXCLUDED.updated_at"
                : "MERGE INTO " + table + " (" + key + ", format_version, state, updated_at) KEY (" + key + ") "
                        + "VALUES (?, ?, ?, ?)";
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
