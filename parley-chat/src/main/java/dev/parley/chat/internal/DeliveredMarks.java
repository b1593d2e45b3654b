package dev.parley.chat.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the latest messages already marked delivered, so that the receipts that follow are dropped before
 * any work: in a room of 100, every message gets 99 {@code message:delivered} receipts, of which only the first
 * changes anything (a read of the message, a presence check and an update each, 19,800 a second in the chat
 * load benchmark, where they took most of the server's and the database's CPU). Bounded: the oldest ids are
 * forgotten first, and a receipt for a forgotten one only costs the work it cost before. Thread-safe.
 */
final class DeliveredMarks {
    private final Map<Long, Boolean> ids;

    DeliveredMarks(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the message is known to be delivered already (a receipt for it changes nothing). */
    synchronized boolean known(long id) {
        return ids.containsKey(id);
    }

    /** The message is delivered (marked now, or found marked). */
    synchronized void remember(long id) {
        ids.put(id, Boolean.TRUE);
    }
}
