package dev.telematics.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Owner warnings on their way to a vehicle, in the shared database (V8 {@code downlink_outbox}): written before
 * a warning is routed, deleted when a node's broker took it. A row that stays is a parked warning (nobody of
 * the vehicle connected, or the node it was routed to went away): the node the vehicle next connects to sends it.
 *
 * <p>Thread-safe (one connection per call from the pool).
 */
final class DownlinkOutbox {
    /** One parked or routed message. */
    record Entry(String id, String vin, String topic, byte[] payload, Instant createdAt) {
    }

    private final DataSource db;

    DownlinkOutbox(DataSource db) {
        this.db = db;
    }

    void add(Entry e) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO downlink_outbox (id, vin, topic, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, e.id());
            ps.setString(2, e.vin());
            ps.setString(3, e.topic());
            ps.setBytes(4, e.payload());
            ps.setTimestamp(5, Timestamp.from(e.createdAt()));
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot keep the warning for " + e.vin() + ": " + ex.getMessage(), ex);
        }
    }

    /** Removes a message that was delivered; true when this call removed it (another node may have first). */
    boolean remove(String id) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM downlink_outbox WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot remove delivered warning " + id + ": " + ex.getMessage(), ex);
        }
    }

    /** The messages waiting for one of {@code vins}, oldest first (at most {@code limit}). */
    List<Entry> waitingFor(List<String> vins, int limit) {
        List<Entry> out = new ArrayList<>();
        if (vins.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(vins.size(), "?"));
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, vin, topic, payload, created_at FROM downlink_outbox "
                     + "WHERE vin IN (" + marks + ") ORDER BY created_at, id LIMIT " + limit)) {
            for (int i = 0; i < vins.size(); i++) {
                ps.setString(i + 1, vins.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot read parked warnings: " + ex.getMessage(), ex);
        }
    }

    /** The vehicles that have messages waiting (at most {@code limit}). */
    List<String> vinsWaiting(int limit) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT vin FROM downlink_outbox LIMIT " + limit);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot read parked warnings: " + ex.getMessage(), ex);
        }
    }

    long count() {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM downlink_outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot count parked warnings: " + ex.getMessage(), ex);
        }
    }
}
