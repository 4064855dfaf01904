package dev.telematics.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.telematics.error.EngineException;
import dev.telematics.error.Causes;
import dev.telematics.error.ErrorCode;
import dev.telematics.config.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The case database: a connection pool (HikariCP) on the embedded H2 database in a data directory, or
 * on PostgreSQL given a JDBC URL, with the schema brought up to date by Flyway on open. Lifecycle:
 * {@link #open} once, {@link #close} after the engine has stopped.
 */
public final class CaseDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaseDatabase.class);
    private static final String H2_FILE = ".mv.db";
    private final HikariDataSource pool;
    private final boolean postgres;
    private final String description;

    private CaseDatabase(HikariDataSource pool, boolean postgres, String description) {
        this.pool = pool;
        this.postgres = postgres;
        this.description = description;
    }

    /**
     * The embedded H2 database {@code telematics} in {@code dataDir} (created if missing). Every commit
     * is written to the file before it returns ({@code WRITE_DELAY=0}), so a killed engine loses no
     * change it confirmed.
     */
    public static CaseDatabase embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        Path file = dir.resolve("telematics");
        privateFiles(dir, true);
        CaseDatabase db = open("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", null, null,
                "H2 in " + dir);
        privateFiles(dir, false);
        return db;
    }

    /**
     * The database holds credential hashes: its folder is created owner-only (0700; an existing folder
     * that others may enter is warned about, not changed), the database file is created owner-only (0600)
     * before H2 opens it, and every {@code telematics.*} file H2 made (trace, temporary files; files of
     * an older engine) is made owner-only after opening.
     */
    private static void privateFiles(Path dir, boolean beforeOpening) {
        try {
            if (beforeOpening) {
                if (PrivateFiles.folder(dir)) {
                    LOG.warn("data folder {} can be read by other users; it holds credential hashes and the API token "
                            + "key: chmod 700 it", dir);
                }
                PrivateFiles.createFile(dir.resolve("telematics" + H2_FILE));
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.filter(CaseDatabase::h2File)::iterator) {
                    PrivateFiles.restrict(f);
                }
            }
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot create or protect the data folder " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean h2File(Path f) {
        String name = f.getFileName().toString();
        return name.startsWith("telematics.") && name.endsWith(".db") && Files.isRegularFile(f);
    }

    /** A database given by JDBC URL: {@code jdbc:postgresql://host:5432/db} (or {@code jdbc:h2:...}). */
    public static CaseDatabase open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, redact(jdbcUrl));
    }

    private static CaseDatabase open(String jdbcUrl, String user, String password, String description) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        if (!postgres && !jdbcUrl.startsWith("jdbc:h2:")) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "unsupported case database URL '" + redact(jdbcUrl)
                    + "': use jdbc:postgresql://HOST:PORT/DB or leave it out for the embedded database");
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(8);
        cfg.setPoolName("cases");
        cfg.setInitializationFailTimeout(10_000);
        cfg.setConnectionTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot open the case database " + description + ": "
                    + Causes.rootMessage(e), e);
        }
        try {
            MigrateResult r = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            LOG.info("case database {}: schema version {} ({} migrations applied now)", description,
                    r.targetSchemaVersion == null ? "current" : r.targetSchemaVersion, r.migrationsExecuted);
        } catch (RuntimeException e) {
            pool.close();
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot migrate the case database " + description + ": "
                    + Causes.rootMessage(e), e);
        }
        return new CaseDatabase(pool, postgres, description);
    }

    /** The case store on this database. */
    public CaseStore caseStore(ObjectMapper json) {
        return new JdbcCaseStore(pool, json, postgres);
    }

    /** True on PostgreSQL, false on the embedded H2 database. */
    public boolean postgres() {
        return postgres;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** What this database is, for logs (no password). */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

}
