package dev.telematics.security;

import dev.telematics.config.PrivateFiles;
import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.attribute.FileTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies API bearer tokens: {@code tmt1.PAYLOAD.SIGNATURE}, the payload (base64url)
 * holding role, expiry, issue time, token id and name, the signature an HMAC-SHA256 over it with the
 * engine's key. A token cannot be forged or changed without the key, needs no database (so
 * {@code telematics token} works while the engine runs), and is never stored or logged by the engine.
 * Revoking every token: replace the key file (all tokens then fail); tokens also expire.
 *
 * <p>The key lives in a file readable only by its owner ({@code DATA/api-token.key}); thread-safe.
 */
public final class ApiTokens {
    public static final String PREFIX = "tmt1.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int KEY_BYTES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
    private volatile byte[] key;
    private final Clock clock;
    private final Path keyFile;
    private volatile FileTime keyFileTime;
    private volatile long checkedAt = System.nanoTime();

    private ApiTokens(byte[] key, Clock clock, Path keyFile, FileTime keyFileTime) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("API token key must have at least " + KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.clock = clock;
        this.keyFile = keyFile;
        this.keyFileTime = keyFileTime;
    }

    /** Tokens with a fresh random key that lives only in memory (tests; nobody else can issue tokens). */
    public static ApiTokens ephemeral(Clock clock) {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        return new ApiTokens(k, clock, null, null);
    }

    /**
     * Tokens with the key in {@code keyFile}, which is created (owner read/write only) when missing. The
     * engine and {@code telematics token} use the same file. When the file is replaced, the new key is
     * used from then on (checked at most once a second): every token signed with the old key stops working.
     */
    public static ApiTokens fromKeyFile(Path keyFile, Clock clock) {
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            }
            byte[] k = Files.readAllBytes(keyFile);
            if (k.length != KEY_BYTES) {
                throw new EngineException(ErrorCode.CONFIG_INVALID, "API token key file " + keyFile + " must hold "
                        + KEY_BYTES + " bytes, it has " + k.length + " (delete it to make a new key; every token "
                        + "issued so far then stops working)");
            }
            return new ApiTokens(k, clock, keyFile, Files.getLastModifiedTime(keyFile));
        } catch (IOException e) {
            throw new EngineException(ErrorCode.CONFIG_INVALID, "cannot read or create the API token key file "
                    + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path keyFile) throws IOException {
        byte[] k = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(k);
        Path dir = keyFile.toAbsolutePath().getParent();
        PrivateFiles.folder(dir); // owner-only when made here (the data folder also holds the database)
        Path tmp = Files.createTempFile(dir, ".api-token", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system: the folder's own permissions protect the key
            }
            Files.write(tmp, k);
            try {
                Files.createLink(keyFile, tmp); // atomic, and never replaces a key another process made meanwhile
            } catch (FileAlreadyExistsException raced) {
                // another process made the key first: use theirs
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, keyFile);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** True when the key file can be read by others than its owner (the engine warns). */
    public static boolean exposed(Path keyFile) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(keyFile);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The key in force: re-read when the key file was replaced (a missing or broken file keeps the old key). */
    private byte[] currentKey() {
        if (keyFile == null || System.nanoTime() - checkedAt < CHECK_EVERY_NANOS) {
            return key;
        }
        checkedAt = System.nanoTime();
        try {
            FileTime t = Files.getLastModifiedTime(keyFile);
            if (!t.equals(keyFileTime)) {
                byte[] k = Files.readAllBytes(keyFile);
                if (k.length == KEY_BYTES) {
                    key = k;
                    keyFileTime = t;
                    LOG.warn("API token key {} was replaced: tokens signed with the old key no longer work", keyFile);
                }
            }
        } catch (IOException e) {
            // missing for a moment (being replaced) or unreadable: keep the key in force
        }
        return key;
    }

    /** A new token for {@code name} with {@code role}, valid for {@code validFor}. */
    public String issue(String name, ApiRole role, Duration validFor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "a token name must be 1-64 characters of "
                    + "letters, digits and . _ @ -");
        }
        if (validFor.isNegative() || validFor.isZero() || validFor.toDays() > 3660) {
            throw new EngineException(ErrorCode.INVALID_PARAMETER, "a token must be valid for 1 s to 10 years");
        }
        Instant now = clock.instant();
        byte[] id = new byte[6];
        new SecureRandom().nextBytes(id);
        String payload = "1|" + role.label() + "|" + now.plus(validFor).getEpochSecond() + "|" + now.getEpochSecond()
                + "|" + HexFormat.of().formatHex(id) + "|" + name;
        String body = b64(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + body + "." + b64(mac(body));
    }

    /** The caller a token stands for; UNAUTHENTICATED when it is malformed, forged or expired. */
    public ApiPrincipal verify(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 1000) {
            throw unauthenticated("not an API token of this engine");
        }
        String rest = token.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 1) {
            throw unauthenticated("malformed API token");
        }
        String body = rest.substring(0, dot);
        byte[] sig;
        String payload;
        try {
            sig = strictDecode(rest.substring(dot + 1));
            payload = new String(strictDecode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthenticated("malformed API token");
        }
        if (!MessageDigest.isEqual(sig, mac(body))) {
            throw unauthenticated("API token not signed by this engine's key (forged, changed, or the key was replaced)");
        }
        String[] f = payload.split("\\|", 6);
        ApiRole role = f.length == 6 && f[0].equals("1") ? ApiRole.parse(f[1]) : null;
        if (role == null) {
            throw unauthenticated("malformed API token");
        }
        long expires = Long.parseLong(f[2]);
        if (clock.instant().getEpochSecond() >= expires) {
            throw unauthenticated("API token expired at " + Instant.ofEpochSecond(expires) + "; ask for a new one");
        }
        return new ApiPrincipal(f[5], role, f[4]);
    }

    private byte[] mac(String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(currentKey(), "HmacSHA256"));
            return m.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Decodes base64url as {@link #issue} writes it, and nothing else: the URL-safe alphabet only (no
     * {@code + /}, no whitespace), no {@code =} padding, and the canonical last character (its unused low
     * bits zero), so that each token has exactly one spelling. The JDK's decoder alone accepts a trailing
     * {@code =} and a changed last character that decode to the same bytes: a changed token that still
     * verified. Throws IllegalArgumentException otherwise.
     */
    static byte[] strictDecode(String s) {
        if (s.isEmpty() || !BASE64URL.matcher(s).matches()) {
            throw new IllegalArgumentException("not unpadded base64url");
        }
        byte[] b = Base64.getUrlDecoder().decode(s);
        if (!b64(b).equals(s)) {
            throw new IllegalArgumentException("not the canonical base64url spelling");
        }
        return b;
    }

    private static EngineException unauthenticated(String why) {
        return new EngineException(ErrorCode.UNAUTHENTICATED, why);
    }
}
