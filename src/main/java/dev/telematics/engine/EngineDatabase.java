package dev.telematics.engine;

import dev.telematics.cases.CaseDatabase;
import dev.telematics.cases.CaseStore;
import dev.telematics.cases.InMemoryCaseStore;
import dev.telematics.config.Json;
import dev.telematics.consent.ConsentStore;
import dev.telematics.consent.InMemoryConsentStore;
import dev.telematics.consent.JdbcConsentStore;
import dev.telematics.notify.InMemoryOwnerSettings;
import dev.telematics.notify.JdbcOwnerSettings;
import dev.telematics.notify.OwnerSettings;
import dev.telematics.security.CredentialStore;
import dev.telematics.security.InMemoryCredentialStore;
import dev.telematics.security.InboxCredentialStore;
import dev.telematics.security.JdbcCredentialStore;
import dev.telematics.state.InMemoryVehicleStateStore;
import dev.telematics.state.JdbcVehicleStateStore;
import dev.telematics.state.VehicleStateStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the engine keeps: cases, owners' consent, owner settings and MQTT credentials, on one
 * database (one connection pool, schema migrated on open; see {@link CaseDatabase}) or in memory.
 * Opened once by whoever starts the engine, handed to {@link Engine.Builder#database}, closed once after
 * the engine has stopped (the engine does not close it).
 */
public final class EngineDatabase implements AutoCloseable {
    private final CaseStore cases;
    private final ConsentStore consents;
    private final OwnerSettings ownerSettings;
    private final CredentialStore credentials;
    private final VehicleStateStore vehicleStates;
    private final CaseDatabase pool;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EngineDatabase(CaseStore cases, ConsentStore consents, OwnerSettings ownerSettings,
                           CredentialStore credentials, VehicleStateStore vehicleStates, CaseDatabase pool,
                           String description) {
        this.cases = cases;
        this.consents = consents;
        this.ownerSettings = ownerSettings;
        this.credentials = credentials;
        this.vehicleStates = vehicleStates;
        this.pool = pool;
        this.description = description;
    }

    /** Everything in memory, empty (tests, benchmarks); nothing to close. */
    public static EngineDatabase inMemory() {
        return inMemory(new InMemoryCredentialStore());
    }

    /** In memory, with the given MQTT credentials (tests provision their cars into that store). */
    public static EngineDatabase inMemory(CredentialStore credentials) {
        return new EngineDatabase(new InMemoryCaseStore(), new InMemoryConsentStore(), new InMemoryOwnerSettings(),
                credentials, new InMemoryVehicleStateStore(), null, "memory");
    }

    /**
     * The embedded H2 database in {@code dataDir} (created if missing). Its credential store takes
     * credentials from the provisioning inbox of that folder (now, and whenever an unknown car connects),
     * because {@code provision} cannot open a database the running engine holds.
     */
    public static EngineDatabase embedded(Path dataDir) {
        CaseDatabase db = CaseDatabase.embedded(dataDir);
        try {
            InboxCredentialStore inbox = new InboxCredentialStore(new JdbcCredentialStore(db.dataSource()),
                    InboxCredentialStore.inboxOf(dataDir));
            inbox.importAll();
            return on(db, inbox);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** A database given by JDBC URL ({@code jdbc:postgresql://host:5432/db}); credentials go straight into it. */
    public static EngineDatabase external(String jdbcUrl, String user, String password) {
        CaseDatabase db = CaseDatabase.open(jdbcUrl, user, password);
        return on(db, new JdbcCredentialStore(db.dataSource()));
    }

    private static EngineDatabase on(CaseDatabase db, CredentialStore credentials) {
        return new EngineDatabase(db.caseStore(Json.newMapper()), new JdbcConsentStore(db.dataSource()),
                new JdbcOwnerSettings(db.dataSource()), credentials, new JdbcVehicleStateStore(db.dataSource()), db,
                db.description());
    }

    public CaseStore cases() {
        return cases;
    }

    public ConsentStore consents() {
        return consents;
    }

    public OwnerSettings ownerSettings() {
        return ownerSettings;
    }

    /** The MQTT credentials of vehicles and owner apps (with the provisioning inbox for the embedded database). */
    public CredentialStore credentials() {
        return credentials;
    }

    /** Vehicle state snapshots (restored at start, saved periodically and at shutdown). */
    public VehicleStateStore vehicleStates() {
        return vehicleStates;
    }

    /** What this database is, for logs (no password). */
    public String description() {
        return description;
    }

    /** The connection pool of a JDBC database; null in memory. */
    public javax.sql.DataSource dataSource() {
        return pool == null ? null : pool.dataSource();
    }

    /** True for a PostgreSQL database, which several engine nodes can share (cluster mode needs one). */
    public boolean shared() {
        return pool != null && pool.postgres();
    }

    /** Closes the connection pool (the first call; later calls do nothing). */
    @Override
    public void close() {
        if (pool != null && closed.compareAndSet(false, true)) {
            pool.close();
        }
    }
}
