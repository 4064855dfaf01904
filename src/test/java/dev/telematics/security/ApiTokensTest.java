package dev.telematics.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telematics.error.EngineException;
import dev.telematics.error.ErrorCode;
import dev.telematics.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T08:00:00Z"));

    @TempDir
    Path dir;

    private static ErrorCode failure(ApiTokens tokens, String token) {
        return assertThrows(EngineException.class, () -> tokens.verify(token)).code();
    }

    @Test
    void issuedToken_verifiesToItsNameAndRole_untilItExpires() {
        ApiTokens tokens = ApiTokens.ephemeral(clock);
        String t = tokens.issue("ana", ApiRole.TECHNICIAN, Duration.ofHours(8));
        ApiPrincipal p = tokens.verify(t);
        assertEquals("ana", p.name());
        assertEquals(ApiRole.TECHNICIAN, p.role());
        assertEquals(12, p.tokenId().length());
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertEquals("ana", tokens.verify(t).name());
        clock.advance(Duration.ofSeconds(1));
        EngineException expired = assertThrows(EngineException.class, () -> tokens.verify(t));
        assertEquals(ErrorCode.UNAUTHENTICATED, expired.code());
        assertTrue(expired.getMessage().contains("expired"));
        assertFalse(expired.getMessage().contains(t), "the token never appears in an error");
    }

    @Test
    void tokenOfAnotherKey_garbledOrEdited_isUnauthenticated() {
        ApiTokens tokens = ApiTokens.ephemeral(clock);
        String other = ApiTokens.ephemeral(clock).issue("ana", ApiRole.SUPERVISOR, Duration.ofHours(1));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, other));
        String t = tokens.issue("ana", ApiRole.AUDITOR, Duration.ofHours(1));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t.substring(0, t.length() - 2)));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t + "x"));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, "tmt1.!!!.???"));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, "tmt1."));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, ""));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, "x".repeat(5000)));
    }

    /** The signature's last character carries 2 unused bits: only the one canonical spelling may verify. */
    @Test
    void signatureWithAnotherSpellingOfTheSameBytes_isUnauthenticated() {
        ApiTokens tokens = ApiTokens.ephemeral(clock);
        String t = tokens.issue("ana", ApiRole.SUPERVISOR, Duration.ofHours(1));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = t.charAt(t.length() - 1);
        int sameBytes = 0;
        for (char c : alphabet.toCharArray()) {
            if (c == last) {
                continue;
            }
            String changed = t.substring(0, t.length() - 1) + c;
            if (Arrays.equals(Base64.getUrlDecoder().decode(sig(changed)), Base64.getUrlDecoder().decode(sig(t)))) {
                sameBytes++; // what the JDK's decoder alone let through
            }
            assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, changed), "last character " + c);
        }
        assertEquals(3, sameBytes, "32 signature bytes in 43 characters leave 2 bits unused");
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t + "="), "padding");
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t + "=="));
        String body = t.substring(ApiTokens.PREFIX.length(), t.lastIndexOf('.'));
        if (body.length() % 4 != 0) {
            assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, ApiTokens.PREFIX + body + "=" + t.substring(t.lastIndexOf('.'))),
                    "padded payload");
        }
        assertEquals("ana", tokens.verify(t).name(), "the token as issued still verifies");
    }

    @Test
    void tokenWithStandardAlphabetOrWhitespace_isUnauthenticated() {
        ApiTokens tokens = ApiTokens.ephemeral(clock);
        String t = null;
        for (int i = 0; i < 200 && (t == null || !(t.contains("-") || t.contains("_"))); i++) {
            t = tokens.issue("ana" + i, ApiRole.TECHNICIAN, Duration.ofHours(1));
        }
        assertTrue(t.contains("-") || t.contains("_"), "a token with a URL-safe character to translate");
        String standard = ApiTokens.PREFIX + t.substring(ApiTokens.PREFIX.length()).replace('-', '+').replace('_', '/');
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, standard), "+ and / are not base64url");
        int mid = t.length() - 10;
        for (String ws : new String[] {" ", "\t", "\n", "\r\n"}) {
            assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t.substring(0, mid) + ws + t.substring(mid)), "inside");
            assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t + ws), "after");
        }
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(tokens, t.substring(0, t.lastIndexOf('.') + 1)), "no signature");
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.strictDecode("QQ=="));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.strictDecode("QR"), "unused bits set");
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.strictDecode("Q"), "impossible length");
        assertEquals("A", new String(ApiTokens.strictDecode("QQ"), java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String sig(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    @Test
    void badNamesAndValidities_areRefusedWhenIssuing() {
        ApiTokens tokens = ApiTokens.ephemeral(clock);
        assertThrows(EngineException.class, () -> tokens.issue("ana|supervisor", ApiRole.TECHNICIAN, Duration.ofHours(1)));
        assertThrows(EngineException.class, () -> tokens.issue("", ApiRole.TECHNICIAN, Duration.ofHours(1)));
        assertThrows(EngineException.class, () -> tokens.issue("ana", ApiRole.TECHNICIAN, Duration.ZERO));
    }

    @Test
    void keyFile_isCreatedOwnerOnly_andTokensSurviveARestart_butNotANewKey() throws Exception {
        Path key = dir.resolve("data").resolve("api-token.key");
        String t = ApiTokens.fromKeyFile(key, clock).issue("lead", ApiRole.SUPERVISOR, Duration.ofDays(1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())),
                "the data folder, made here, is owner-only");
        assertFalse(ApiTokens.exposed(key));
        assertEquals(ApiRole.SUPERVISOR, ApiTokens.fromKeyFile(key, clock).verify(t).role());
        Files.delete(key);
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(ApiTokens.fromKeyFile(key, clock), t));
        Files.write(key, new byte[5]);
        assertEquals(ErrorCode.CONFIG_INVALID,
                assertThrows(EngineException.class, () -> ApiTokens.fromKeyFile(key, clock)).code());
    }

    @Test
    void roles_technicianWorksCases_supervisorAlsoSupervises_auditorOnlyReads() {
        assertTrue(ApiRole.TECHNICIAN.allows(ApiPermission.WORK_CASES));
        assertTrue(ApiRole.TECHNICIAN.allows(ApiPermission.REMOTE_DIAGNOSE));
        assertFalse(ApiRole.TECHNICIAN.allows(ApiPermission.SUPERVISE));
        assertTrue(ApiRole.SUPERVISOR.allows(ApiPermission.SUPERVISE));
        assertTrue(ApiRole.AUDITOR.allows(ApiPermission.READ));
        assertFalse(ApiRole.AUDITOR.allows(ApiPermission.WORK_CASES));
        assertFalse(ApiRole.AUDITOR.allows(ApiPermission.REMOTE_DIAGNOSE));
    }

    @Test
    void replacingTheKeyFile_revokesTokensInTheRunningEngineWithinASecond() throws Exception {
        Path key = dir.resolve("api-token.key");
        ApiTokens running = ApiTokens.fromKeyFile(key, clock);
        String old = running.issue("ana", ApiRole.TECHNICIAN, Duration.ofDays(1));
        assertEquals("ana", running.verify(old).name());
        Files.delete(key);
        String fresh = ApiTokens.fromKeyFile(key, clock).issue("ana", ApiRole.TECHNICIAN, Duration.ofDays(1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> running.verify(fresh).name().equals("ana"));
        assertEquals(ErrorCode.UNAUTHENTICATED, failure(running, old), "the old key's tokens no longer work");
    }
}
