package dev.telematics.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the engine's temporary folders (broker home, benchmark and demo data). */
public final class Folders {
    private Folders() {
    }

    /** Deletes {@code dir} and everything in it, as far as it can: a leftover temporary folder is harmless. */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // already gone, or unreadable: nothing more to do
        }
    }
}
