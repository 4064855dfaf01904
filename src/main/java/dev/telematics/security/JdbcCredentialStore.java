package dev.telematics.security;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Credentials in the engine's database (table {@code mqtt_credentials}), read on every CONNECT: a car
 * provisioned while the engine runs can connect at once, and a replaced secret takes effect at once.
 */
public final class JdbcCredentialStore implements CredentialStore {
    private final DataSource db;

    public JdbcCredentialStore(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<Stored> find(String username) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT salt, hash FROM mqtt_credentials WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(username, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "credential store unavailable", e);
        }
    }

    /** One query for all credentials (a few MB for 100,000 cars), filtered to {@code usernames}. */
    @Override
    public Map<String, String> hashes(Collection<String> usernames) {
        Set<String> wanted = new HashSet<>(usernames);
        Map<String, String> out = new HashMap<>();
        if (wanted.isEmpty()) {
            return out;
        }
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT username, hash FROM mqtt_credentials");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (wanted.contains(rs.getString(1))) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "credential store unavailable", e);
        }
    }

    @Override
    public void put(Stored credential) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mqtt_credentials WHERE username = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO mqtt_credentials (username, salt, hash) VALUES (?, ?, ?)")) {
                del.setString(1, credential.username());
                del.executeUpdate();
                ins.setString(1, credential.username());
                ins.setString(2, credential.salt());
                ins.setString(3, credential.hash());
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EngineException(ErrorCode.STORE_UNAVAILABLE, "credential store unavailable", e);
        }
    }
}
