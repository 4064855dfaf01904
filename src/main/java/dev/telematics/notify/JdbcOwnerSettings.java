package dev.telematics.notify;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Owner settings in the case database (table {@code owner_settings}), cached in memory: warnings are
 * written on the hot path and must not wait for the database for a setting that rarely changes.
 */
public final class JdbcOwnerSettings implements OwnerSettings {
    private static final String NONE = "";
    private final DataSource db;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public JdbcOwnerSettings(DataSource db) {
        this.db = db;
    }

    @Override
    public String language(String vin) {
        String cached = cache.get(vin);
        if (cached == null) { // read outside the map's lock; a concurrent setLanguage wins
            String loaded = load(vin);
            String prior = cache.putIfAbsent(vin, loaded);
            cached = prior != null ? prior : loaded;
        }
        return cached.isEmpty() ? null : cached;
    }

    private String load(String vin) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT language FROM owner_settings WHERE vin = ?")) {
            ps.setString(1, vin);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : NONE;
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "owner settings: " + e.getMessage(), e);
        }
    }

    @Override
    public void setLanguage(String vin, String language) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement up = c.prepareStatement("UPDATE owner_settings SET language = ? WHERE vin = ?")) {
                up.setString(1, language);
                up.setString(2, vin);
                if (up.executeUpdate() == 0) {
                    try (PreparedStatement in = c.prepareStatement(
                            "INSERT INTO owner_settings (vin, language) VALUES (?, ?)")) {
                        in.setString(1, vin);
                        in.setString(2, language);
                        in.executeUpdate();
                    } catch (SQLException raced) { // another engine inserted it meanwhile: update instead
                        if (!"23505".equals(raced.getSQLState())) {
                            throw raced;
                        }
                        c.rollback();
                        up.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "owner settings: " + e.getMessage(), e);
        }
        cache.put(vin, language);
    }
}
