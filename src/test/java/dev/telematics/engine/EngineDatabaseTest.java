package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.handoff.OwnerLanguage;
import dev.telematics.security.CredentialStore;
import dev.telematics.security.InboxCredentialStore;
import dev.telematics.security.Provisioner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDatabaseTest {
    private static final String VIN = "LRWDBSE0000000001";

    @Test
    void embedded_keepsEverythingInTheDataFolder_acrossReopening(@TempDir Path dir) {
        try (EngineDatabase db = EngineDatabase.embedded(dir)) {
            db.ownerSettings().setLanguage(VIN, OwnerLanguage.CHINESE);
            new Provisioner(db.credentials()).provision(VIN, false);
            assertTrue(db.description().contains(dir.toAbsolutePath().toString()), db.description());
        }
        try (EngineDatabase db = EngineDatabase.embedded(dir)) {
            assertEquals(OwnerLanguage.CHINESE, db.ownerSettings().language(VIN));
            assertTrue(db.credentials().find(VIN).isPresent());
        }
    }

    @Test
    void embedded_takesCredentialsProvisionedIntoItsInboxWhileClosed(@TempDir Path dir) {
        CredentialStore inbox = InboxCredentialStore.writerTo(InboxCredentialStore.inboxOf(dir));
        new Provisioner(inbox).provision(VIN, false);
        try (EngineDatabase db = EngineDatabase.embedded(dir)) {
            assertTrue(db.credentials().find(VIN).isPresent());
        }
    }

    @Test
    void close_closesThePoolOnce_andInMemoryHasNothingToClose(@TempDir Path dir) {
        EngineDatabase db = EngineDatabase.embedded(dir);
        db.close();
        db.close();
        EngineDatabase memory = EngineDatabase.inMemory();
        memory.close();
        assertEquals("memory", memory.description());
        assertTrue(memory.credentials().find(VIN).isEmpty());
    }
}
