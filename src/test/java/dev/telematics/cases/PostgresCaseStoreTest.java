package dev.telematics.cases;

import dev.telematics.config.Json;
import dev.telematics.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL ({@link TestPostgres}: {@code ./scripts/run-tests.sh} starts the
 * server). Each test gets a schema of its own.
 */
class PostgresCaseStoreTest extends CaseStoreContract {
    private final List<CaseDatabase> open = new ArrayList<>();

    @BeforeAll
    static void server() {
        TestPostgres.url();
    }

    @Override
    CaseStore store() {
        CaseDatabase db = TestPostgres.freshSchema();
        open.add(db);
        return db.caseStore(Json.newMapper());
    }

    @AfterEach
    void closeAll() {
        open.forEach(CaseDatabase::close);
    }
}
