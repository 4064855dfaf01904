package dev.telematics.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.telematics.cases.CaseDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests: {@code ./scripts/run-tests.sh} starts one on loopback and sets
 * TELEMATICS_TEST_PG_URL (and TELEMATICS_REQUIRE_PG=1, so that CI fails instead of skipping when the
 * server is missing).
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    /** The server's JDBC URL; skips the test without one (fails it when TELEMATICS_REQUIRE_PG=1). */
    public static String url() {
        String url = System.getenv("TELEMATICS_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_PG"))) {
                fail("TELEMATICS_REQUIRE_PG=1 but TELEMATICS_TEST_PG_URL is not set");
            }
            Assumptions.abort("no PostgreSQL: run ./scripts/run-tests.sh, which starts one");
        }
        return url;
    }

    /** The JDBC URL of a new, empty schema of its own (several engine processes of one test share it). */
    public static String freshSchemaUrl() {
        String url = url();
        String schema = "t" + System.nanoTime();
        try (CaseDatabase admin = CaseDatabase.open(url, null, null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A database opened on a schema of its own (migrated), for one test; the caller closes it. */
    public static CaseDatabase freshSchema() {
        return CaseDatabase.open(freshSchemaUrl(), null, null);
    }
}
