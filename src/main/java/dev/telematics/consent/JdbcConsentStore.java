package dev.telematics.consent;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Consent decisions in the case database (table {@code owner_consent}, one row per decision). Thread-safe. */
public final class JdbcConsentStore implements ConsentStore {
    private final DataSource db;

    public JdbcConsentStore(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<Consent> current(String vin) {
        List<Consent> latest = history(vin, 1);
        return latest.isEmpty() ? Optional.empty() : Optional.of(latest.get(0));
    }

    @Override
    public void record(Consent d) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO owner_consent (vin, remote_diagnostics, changed_at, source) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, d.vin());
            ps.setBoolean(2, d.remoteDiagnostics());
            ps.setTimestamp(3, Timestamp.from(d.changedAt()));
            ps.setString(4, d.source());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "owner consent: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Consent> history(String vin, int limit) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT vin, remote_diagnostics, changed_at, source FROM owner_consent WHERE vin = ? "
                        + "ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, vin);
            ps.setInt(2, limit);
            List<Consent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Consent(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "owner consent: " + e.getMessage(), e);
        }
    }
}
