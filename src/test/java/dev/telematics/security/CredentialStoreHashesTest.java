package dev.telematics.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telematics.cases.CaseDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup that checks live connections against replaced credentials, on the embedded database and its inbox. */
class CredentialStoreHashesTest {
    private static final String CAR = "LRWDEMC0000000001";
    private static final String OTHER = "LRWDEMC0000000002";

    @TempDir
    Path dir;

    @Test
    void hashes_areTheStoredOnesOfTheAskedUsernames_includingSecretsWaitingInTheInbox() throws Exception {
        try (CaseDatabase db = CaseDatabase.embedded(dir.resolve("data"))) {
            JdbcCredentialStore jdbc = new JdbcCredentialStore(db.dataSource());
            Path inbox = InboxCredentialStore.inboxOf(dir.resolve("data"));
            InboxCredentialStore store = new InboxCredentialStore(jdbc, inbox);
            CredentialStore.Stored first = Secrets.hash(CAR, "first-secret");
            jdbc.put(first);
            jdbc.put(Secrets.hash(OTHER, "other-secret"));
            assertEquals(Map.of(CAR, first.hash()), store.hashes(List.of(CAR, "LRWDEMC0000000009")),
                    "only the asked usernames; one without a credential is absent");
            CredentialStore.Stored second = Secrets.hash(CAR, "second-secret");
            InboxCredentialStore.drop(inbox, second); // `provision` while the engine runs
            assertEquals(Map.of(CAR, second.hash()), store.hashes(List.of(CAR)), "the inbox is taken first");
            assertEquals(Map.of(), store.hashes(List.of()));
        }
    }
}
