package dev.telematics.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files only the engine's user may read: the data folder holds the database with the
 * credential hashes, the API token key and the provisioning inbox. POSIX permissions where the file
 * system has them (folders 0700, files 0600); elsewhere the folder's own access rules protect them.
 * Stateless; safe from any thread.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and any missing parents owner-only (0700); an existing folder is left as it is.
     *
     * @return true when the folder already existed and other users may enter or read it (the caller warns)
     */
    public static boolean folder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return exposed(dir);
        }
        try {
            Files.createDirectories(dir, attribute(FOLDER));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
        return false;
    }

    /** Creates an empty owner-only (0600) file unless it exists, so that nobody else can ever open it. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException exists) {
            // made before: restrict() tightens it
        } catch (UnsupportedOperationException notPosix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /** Makes an existing file owner read/write only (0600); does nothing on a file system without POSIX permissions. */
    public static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (UnsupportedOperationException notPosix) {
            // the folder protects it
        }
    }

    /** True when others than the owner have any permission on {@code path} (false without POSIX permissions). */
    public static boolean exposed(Path path) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
            return p.stream().anyMatch(x -> x.name().startsWith("GROUP_") || x.name().startsWith("OTHERS_"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
        return PosixFilePermissions.asFileAttribute(p);
    }
}
