package dev.telematics.cases;

import static org.junit.jupiter.api.Assertions.fail;

import dev.telematics.config.Json;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL. {@code ./scripts/run-tests.sh} starts a PostgreSQL server on
 * loopback and sets TELEMATICS_TEST_PG_URL (and TELEMATICS_REQUIRE_PG=1, so that CI fails instead of
 * skipping when the server is missing). Each test gets a schema of its own.
 */
class PostgresCaseStoreTest extends CaseStoreContract {
    private static String url;
    private final List<CaseDatabase> open = new ArrayList<>();

    @BeforeAll
    static void server() {
        url = System.getenv("TELEMATICS_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("TELEMATICS_REQUIRE_PG"))) {
                fail("TELEMATICS_REQUIRE_PG=1 but TELEMATICS_TEST_PG_URL is not set");
            }
            Assumptions.abort("no PostgreSQL: run ./scripts/run-tests.sh, which starts one");
        }
    }

    @Override
    CaseStore store() {
        String schema = "t" + System.nanoTime();
        try (CaseDatabase admin = CaseDatabase.open(url, null, null);
             Connection c = admin.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String sep = url.contains("?") ? "&" : "?";
        CaseDatabase db = CaseDatabase.open(url + sep + "currentSchema=" + schema, null, null);
        open.add(db);
        return db.caseStore(Json.newMapper());
    }

    @AfterEach
    void closeAll() {
        open.forEach(CaseDatabase::close);
    }
}
