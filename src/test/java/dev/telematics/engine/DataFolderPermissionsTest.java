package dev.telematics.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.security.Provisioner;
import dev.telematics.testing.TestEngines;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database holds the MQTT credential hashes: its folder and files are the engine user's
 * alone (POSIX file systems; the JVM's umask would otherwise make them world-readable).
 */
class DataFolderPermissionsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "no POSIX permissions on this file system");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void engineStartedWithANewDataFolder_keepsFolderAndDatabaseFilesOwnerOnly() throws Exception {
        Path data = tmp.resolve("var").resolve("data");
        try (EngineDatabase db = EngineDatabase.embedded(data)) {
            Engine engine = TestEngines.started(Engine.builder(TestEngines.config()).database(db));
            try {
                new Provisioner(db.credentials()).provision("LRWPERM0000000001", false); // a credential hash on disk
                assertEquals("rwx------", permissions(data));
                assertEquals("rwx------", permissions(data.getParent()), "folders made for it are owner-only too");
                Path file = data.resolve("telematics.mv.db");
                assertTrue(Files.size(file) > 0, "the database lives in the file made before H2 opened it");
                assertEquals("rw-------", permissions(file));
                for (Path f : files(data)) {
                    assertEquals("rw-------", permissions(f), f.toString());
                }
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void databaseFilesOfAnOlderEngine_areMadeOwnerOnly_anExistingFolderIsLeftAlone() throws Exception {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EngineDatabase db = EngineDatabase.embedded(data)) {
            new Provisioner(db.credentials()).provision("LRWPERM0000000002", false);
        }
        Path file = data.resolve("telematics.mv.db");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // as engines before made it
        try (EngineDatabase db = EngineDatabase.embedded(data)) {
            assertTrue(db.credentials().find("LRWPERM0000000002").isPresent());
            assertEquals("rw-------", permissions(file));
        }
        assertEquals("rwxr-xr-x", permissions(data), "the user's own folder: warned about in the log, not changed");
        assertFalse(files(data).isEmpty());
    }
}
