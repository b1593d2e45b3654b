package dev.parley.push.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The idempotency keys seen lately: a publication whose topic and {@code id} were published within the window
 * is a retry, answered with the event id it got the first time instead of being published again.
 *
 * <p>Bounded in time ({@code window}) and in count ({@code maxKeys}, oldest forgotten first). An entry is a
 * 128-bit digest of topic and key plus the event id and a timestamp, whatever the key's length (125
 * bytes on a 64-bit JVM, measured). Not thread-safe: its owner locks it (the lookup and the publication it guards are
 * one step).
 */
public final class RecentPublications {
    private final long windowNanos;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<Key, Seen> seen = new LinkedHashMap<>();

    public RecentPublications(Duration window, int maxKeys, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    /** The event id published under this key within the window, or -1. */
    public long lookup(String topic, String key) {
        dropExpired();
        Seen entry = seen.get(Key.of(topic, key));
        return entry == null ? -1 : entry.eventId;
    }

    /** Remembers that this key published {@code eventId}. */
    public void remember(String topic, String key, long eventId) {
        if (maxKeys == 0) {
            return;
        }
        seen.put(Key.of(topic, key), new Seen(eventId, nanoClock.getAsLong()));
        // Insertion order is age order: the eldest goes first.
        Iterator<Map.Entry<Key, Seen>> eldest = seen.entrySet().iterator();
        while (seen.size() > maxKeys) {
            eldest.next();
            eldest.remove();
        }
    }

    public int size() {
        return seen.size();
    }

    private void dropExpired() {
        long now = nanoClock.getAsLong();
        Iterator<Seen> oldest = seen.values().iterator();
        while (oldest.hasNext() && now - oldest.next().at >= windowNanos) {
            oldest.remove();
        }
    }

    private record Seen(long eventId, long at) {
    }

    /** Half of a SHA-256 of topic and key: collisions need 2^64 keys, far past any bound here. */
    private record Key(long high, long low) {
        static Key of(String topic, String key) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(topic.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0); // a topic never contains NUL: "a" + "b:c" and "a:b" + "c" stay apart
                ByteBuffer digest = ByteBuffer.wrap(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
                return new Key(digest.getLong(), digest.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }
}
