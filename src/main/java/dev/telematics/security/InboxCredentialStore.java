package dev.telematics.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * A credential store with a provisioning inbox: {@code provision} writes a new credential (salt and hash,
 * never the secret) as a file into {@code DATA/provisioning/}, because the embedded database belongs to
 * the running engine. The engine takes the files into its store at start and whenever a username it does
 * not know connects, so a car provisioned while the engine runs connects at once. Thread-safe.
 */
public final class InboxCredentialStore implements CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(InboxCredentialStore.class);
    private final CredentialStore store;
    private final Path inbox;
    private final ObjectMapper json = new ObjectMapper();

    public InboxCredentialStore(CredentialStore store, Path inbox) {
        this.store = store;
        this.inbox = inbox;
    }

    /** The inbox folder of a data folder. */
    public static Path inboxOf(Path dataDir) {
        return dataDir.resolve("provisioning");
    }

    /** Writes a credential into the inbox (used by {@code provision} for the embedded database). */
    public static void drop(Path inbox, Stored credential) throws IOException {
        if (!Files.isDirectory(inbox)) {
            try { // only the engine's user may read or write the inbox
                Files.createDirectories(inbox, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(inbox);
            }
        }
        Path tmp = Files.createTempFile(inbox, "new-", ".tmp");
        Files.writeString(tmp, new ObjectMapper().writeValueAsString(credential));
        Files.move(tmp, inbox.resolve(fileName(credential.username())), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A store that only writes new credentials into {@code inbox} and finds none: {@code provision} for the
     * embedded database, which the running engine holds.
     */
    public static CredentialStore writerTo(Path inbox) {
        return new CredentialStore() {
            @Override
            public Optional<Stored> find(String username) {
                return Optional.empty();
            }

            @Override
            public void put(Stored credential) {
                try {
                    drop(inbox, credential);
                } catch (IOException e) {
                    throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot write to " + inbox + ": "
                            + e.getMessage(), e);
                }
            }
        };
    }

    /** Takes every credential waiting in the inbox into the store; returns how many. */
    public synchronized int importAll() {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                n += take(f) ? 1 : 0;
            }
        } catch (IOException e) {
            LOG.warn("cannot read the provisioning inbox {}: {}", inbox, e.getMessage());
        }
        return n;
    }

    /**
     * Takes one file: moved to a private name first (a newer file for the same username, dropped meanwhile,
     * is then left for the next take instead of being deleted unread), checked, stored, deleted.
     */
    private boolean take(Path f) {
        Path mine = f.resolveSibling(".taking-" + UUID.randomUUID());
        try {
            Files.move(f, mine, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return false;
        }
        try {
            JsonNode j = json.readTree(Files.readString(mine));
            String username = j.get("username").asText();
            Identity id = Identity.claimedBy(username);
            if (id == null || !f.getFileName().toString().equals(fileName(username))) {
                throw new IllegalArgumentException("username '" + username + "' does not match the file");
            }
            String salt = j.get("salt").asText();
            String hash = j.get("hash").asText();
            if (Base64.getDecoder().decode(salt).length != 16
                    || Base64.getDecoder().decode(hash).length != 32) {
                throw new IllegalArgumentException("salt or hash of the wrong length");
            }
            store.put(new Stored(username, salt, hash));
            Files.delete(mine);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("provisioning file {} not taken (kept as {}): {}", f, mine.getFileName(), e.toString());
            return false;
        }
    }

    @Override
    public Optional<Stored> find(String username) {
        Optional<Stored> s = store.find(username);
        Path f = inbox.resolve(fileName(username));
        if (Files.exists(f)) { // new, or a replaced secret
            synchronized (this) {
                if (Files.exists(f) && !take(f)) {
                    return Optional.empty(); // a pending secret that cannot be taken: the old one must not work
                }
            }
            return store.find(username);
        }
        return s;
    }

    @Override
    public void put(Stored credential) {
        store.put(credential);
    }

    /** Takes what waits in the inbox first, so that a secret provisioned meanwhile counts. */
    @Override
    public Map<String, String> hashes(Collection<String> usernames) {
        importAll();
        return store.hashes(usernames);
    }

    private static String fileName(String username) {
        if (Identity.claimedBy(username) == null) {
            throw new IllegalArgumentException("not a vehicle or owner-app username: " + username);
        }
        return username.replace(':', '_') + ".json";
    }
}
