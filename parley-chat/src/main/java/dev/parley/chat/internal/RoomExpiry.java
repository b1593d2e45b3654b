package dev.parley.chat.internal;

import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.store.ChatStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes rooms nobody uses: a room other than the default one, created more than {@code expiry} ago, that
 * nobody ever wrote in (so no history is lost) and nobody is in now. Such rooms are what a user creating
 * rooms by the thousand leaves behind; a room with a message stays for good. Sweeps on its own daemon
 * thread every {@code min(expiry, 1 min)} (the store blocks; never on an event loop).
 *
 * <p>A join holds {@link #joining()} (shared) from its room's creation until its presence is recorded; a
 * sweep deletes under the exclusive lock, so it never deletes a room someone is joining on this node. Across
 * nodes, a join then keeps the room ({@link #joined}): it restamps the room's time in the database, and a sweep's
 * delete is conditional on that time (one statement), so a sweep on another node that counted the members before
 * the join's presence was recorded finds the room too recent to delete, or has deleted it already and the join
 * makes it again. Either way the join wins. (The nodes' clocks must agree within half the expiry.)
 */
public final class RoomExpiry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomExpiry.class);
    /** Rooms deleted per sweep at most: each sweep's work is bounded. */
    static final int SWEEP_LIMIT = 1000;

    private final ChatStore store;
    private final PresenceRegistry presence;
    private final Duration expiry;
    private final String keep;
    private final java.util.function.Consumer<List<String>> onExpired;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-chat-room-expiry");
        t.setDaemon(true);
        return t;
    });

    /** @param onExpired called with the rooms a sweep deleted, if any (to tell everyone) */
    public RoomExpiry(ChatStore store, PresenceRegistry presence, Duration expiry, String keep,
            java.util.function.Consumer<List<String>> onExpired) {
        this.store = store;
        this.presence = presence;
        this.expiry = expiry;
        this.keep = keep;
        this.onExpired = onExpired;
    }

    public void start() {
        long period = Math.min(expiry.toMillis(), Duration.ofMinutes(1).toMillis());
        timer.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** The lock a join holds while it creates its room and records its presence. */
    public java.util.concurrent.locks.Lock joining() {
        return lock.readLock();
    }

    /**
     * A user joined {@code room} and their presence is recorded: the room is kept from expiring, on every node. A
     * room younger than half the expiry is left as it is (no write): no sweep can take it before the presence it now
     * counts. Blocks on the store.
     */
    public void joined(String room) {
        long now = System.currentTimeMillis();
        if (room.equals(keep) || store.keepRoom(room, now, now - expiry.toMillis() / 2)) {
            return;
        }
        // Deleted by a sweep (on another node) that counted the members before this join's presence: made again.
        if (store.claimRoom(room, Nicknames.skeleton(room), Integer.MAX_VALUE) == ChatStore.RoomClaim.LOOKALIKE) {
            LOG.warn("Room {} expired while joined and a look-alike was made meanwhile: it is not made again", room);
        }
    }

    private void sweepSafely() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Room expiry sweep failed; next one in {}", expiry, e);
        }
    }

    /** Deletes the expired rooms; returns how many. */
    int sweep(long now) {
        List<String> idle = store.idleRooms(now - expiry.toMillis(), keep, SWEEP_LIMIT);
        List<String> deleted = new java.util.ArrayList<>();
        lock.writeLock().lock();
        try {
            for (String room : idle) {
                if (presence.memberCount(room) == 0 && store.deleteIdleRoom(room, now - expiry.toMillis())) {
                    deleted.add(room);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (!deleted.isEmpty()) {
            onExpired.accept(deleted);
        }
        return deleted.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
