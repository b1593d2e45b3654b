package dev.parley.adminui.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session ids handed to the UI after a successful login, so that it reconnects without the password
 * (the UI keeps the id in its local storage and sends it as {@code auth.sessionId}). Bounded: at most
 * {@code maxSessions}, each valid for {@code ttl}; the oldest is forgotten first. Ids are kept as their
 * SHA-256, so that a lookup's timing says nothing about the ids it is compared with. Thread-safe.
 */
public final class SessionStore {
    /** socket.io's admin UI uses 8 random bytes; 16 leave no room for guessing. */
    private static final int ID_BYTES = 16;
    /** Longer ids cannot be ours: refused before hashing. */
    private static final int MAX_ID_LENGTH = 2 * ID_BYTES;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration ttl;
    private final int maxSessions;
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

    public SessionStore(Clock clock, Duration ttl, int maxSessions) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxSessions = maxSessions;
    }

    /** A new session id, valid for the TTL. */
    public String create() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        synchronized (expiries) {
            expiries.put(digest(id), clock.instant().plus(ttl));
            while (expiries.size() > maxSessions) {
                Iterator<Map.Entry<String, Instant>> oldest = expiries.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return id;
    }

    /** Whether this id was handed out and has not expired. */
    public boolean isValid(Object id) {
        if (!(id instanceof String text) || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
            return false;
        }
        String key = digest(text);
        Instant now = clock.instant();
        synchronized (expiries) {
            Instant expiry = expiries.get(key);
            if (expiry == null) {
                return false;
            }
            if (!now.isBefore(expiry)) {
                expiries.remove(key);
                return false;
            }
            return true;
        }
    }

    /** How many sessions are kept (expired ones included until looked up or pushed out). */
    public int size() {
        synchronized (expiries) {
            return expiries.size();
        }
    }

    private static String digest(String id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
