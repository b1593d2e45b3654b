package dev.parley.chat.internal;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.Credential;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Issues and verifies the chat's session tokens (docs/chat.md, "Secrets"), for the Socket.IO handshake and
 * the HTTP upload alike.
 *
 * <p>A token is 32 characters of URL-safe base64 over 24 random bytes from {@link SecureRandom}: an 8-byte
 * selector, stored as is and used to find the user, then a 16-byte (128-bit) secret, of which only the
 * SHA-256 is stored. Verification always does the same work: one lookup by selector, one SHA-256, one
 * {@link MessageDigest#isEqual} (against a random stand-in hash when the selector is unknown), so neither
 * the reply nor the time tells an unknown selector from a known one with the wrong secret; and the database
 * index is only ever searched with the selector, never with the secret. Failures count against the client
 * address in the {@link AttemptLimit}. Calls block on the store: handler threads only.
 */
public final class SessionTokens {
    static final int SELECTOR_BYTES = 8;
    static final int SECRET_BYTES = 16;
    static final int TOKEN_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Compared with when the selector is unknown: the same work as a known one, and never equal. */
    private static final byte[] STAND_IN_HASH = randomBytes(32);

    private final ChatStore store;
    private final AttemptLimit throttle;

    public SessionTokens(ChatStore store, AttemptLimit throttle) {
        this.store = store;
        this.throttle = throttle;
    }

    /** The table of failed checks per address, shared by every secret (passwords too). */
    AttemptLimit throttle() {
        return throttle;
    }

    /** The outcome of a check: the user's nickname, or why not. */
    public record Check(Status status, String nickname) {
        static final Check INVALID = new Check(Status.INVALID, null);
        static final Check RATE_LIMITED = new Check(Status.RATE_LIMITED, null);
    }

    /** Why a check failed, or that it did not. */
    public enum Status { OK, INVALID, RATE_LIMITED }

    /**
     * Registers {@code nickname} under a new token and returns the token, or null if the nickname is taken.
     */
    public String register(String nickname) {
        return register(nickname, null);
    }

    /**
     * Registers {@code nickname} secured by {@code passwordHash} (null: a guest) under a new token and returns the
     * token, or null if the nickname is taken.
     */
    public String register(String nickname, String passwordHash) {
        return issue((selector, hash) -> store.claimNickname(selector, hash, nickname, Nicknames.skeleton(nickname),
                passwordHash));
    }

    /** A new token for a user who exists (a device that signed in with the password). */
    public String signIn(String nickname) {
        return issue((selector, hash) -> {
            store.addSession(selector, hash, nickname, System.currentTimeMillis());
            return true;
        });
    }

    /** Revokes every token of the user; returns how many there were. */
    public int revokeAll(String nickname) {
        return store.revokeSessions(nickname);
    }

    /** The public half of a well-formed token (what the store keys sessions by), or null. */
    public static String selector(String token) {
        byte[] raw = decode(token);
        return raw == null ? null : ENCODER.encodeToString(Arrays.copyOf(raw, SELECTOR_BYTES));
    }

    /** Whether the session with this selector still exists (was not revoked). */
    public boolean live(String selector) {
        return selector != null && store.credential(selector).isPresent();
    }

    private interface Keeper {
        boolean keep(String selector, String secretHash);
    }

    private static String issue(Keeper keeper) {
        byte[] raw = randomBytes(SELECTOR_BYTES + SECRET_BYTES);
        try {
            String selector = ENCODER.encodeToString(Arrays.copyOf(raw, SELECTOR_BYTES));
            String hash = ENCODER.encodeToString(sha256(Arrays.copyOfRange(raw, SELECTOR_BYTES, raw.length)));
            return keeper.keep(selector, hash) ? ENCODER.encodeToString(raw) : null;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Checks a token from {@code client}: refused at once while the address is throttled; a failure counts
     * against it. Any malformed, unknown or wrong token gets the same {@link Status#INVALID}.
     */
    public Check verify(String token, InetSocketAddress client) {
        if (throttle.blocked(client)) {
            return Check.RATE_LIMITED;
        }
        String nickname = nicknameOf(token);
        if (nickname == null) {
            throttle.failed(client);
            return Check.INVALID;
        }
        return new Check(Status.OK, nickname);
    }

    private String nicknameOf(String token) {
        byte[] raw = decode(token);
        if (raw == null) {
            // The format is public: refusing it early tells an attacker nothing about any user's secret.
            return null;
        }
        Credential credential = store.credential(ENCODER.encodeToString(Arrays.copyOf(raw, SELECTOR_BYTES)))
                .orElse(null);
        byte[] expected = credential == null ? null : decodeHash(credential.secretHash());
        byte[] presented = sha256(Arrays.copyOfRange(raw, SELECTOR_BYTES, raw.length));
        boolean equal = MessageDigest.isEqual(presented, expected == null ? STAND_IN_HASH : expected);
        return equal && expected != null ? credential.nickname() : null;
    }

    private static byte[] decode(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] decodeHash(String hash) {
        if (hash == null) {
            return null; // a user from before server-issued tokens: never verifiable
        }
        try {
            return Base64.getUrlDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
