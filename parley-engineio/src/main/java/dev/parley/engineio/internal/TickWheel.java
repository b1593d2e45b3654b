package dev.parley.engineio.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines on a grid of ticks, kept in buckets by tick (a hashed wheel, without a thread of its own): the
 * heartbeats of the sessions of one event loop. Arming, moving and disarming an entry is O(1) and allocates
 * nothing (the entries are their owners' objects, linked in place), so a session's heartbeat can move on
 * every ping and pong without garbage: with a scheduled task and a timeout object per ping and per pong
 * deadline, 19,000 idle connections made 1,500 objects a second, each then stored into an old session
 * (work for G1's concurrent refinement).
 *
 * <p>Tick {@code t} is the time {@code t * tickNanos}; an entry runs at the first tick at or after its
 * deadline, and never at a tick already run: never early, at most one tick late (later only if
 * {@link #expire} is called late). Entries further than the wheel's size ahead share a bucket with nearer
 * ones and wait for their round.
 *
 * <p>Plain Java: no clock, no thread. The caller passes the time and uses the wheel from one thread
 * ({@link LoopTimer}: the event loop).
 */
final class TickWheel {
    private static final Logger LOG = LoggerFactory.getLogger(TickWheel.class);
    /** No tick: the wheel is empty. */
    static final long NONE = Long.MIN_VALUE;

    private final long tickNanos;
    private final TickEntry[] buckets;
    private final int mask;
    /** Every tick up to this one has run. */
    private long doneTick;
    /** The entries {@link #expire} is running, in order. */
    private TickEntry due;
    private int size;

    /**
     * @param bucketCount a power of two: how many ticks ahead an entry can be without waiting for a round
     * @param now the time the wheel starts at: no entry runs at a tick before it
     */
    TickWheel(long tickNanos, int bucketCount, long now) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos must be positive: " + tickNanos);
        }
        if (bucketCount <= 0 || Integer.bitCount(bucketCount) != 1) {
            throw new IllegalArgumentException("bucketCount must be a power of two: " + bucketCount);
        }
        this.tickNanos = tickNanos;
        this.buckets = new TickEntry[bucketCount];
        this.mask = bucketCount - 1;
        this.doneTick = Math.floorDiv(now, tickNanos);
    }

    long tickNanos() {
        return tickNanos;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** How many entries are armed. */
    int size() {
        return size;
    }

    /**
     * An empty wheel skips to {@code now}: the ticks it slept through hold nothing, and the next entry's
     * bucket is then found without a wasted round.
     */
    void catchUp(long now) {
        if (size == 0) {
            doneTick = Math.max(doneTick, Math.floorDiv(now, tickNanos));
        }
    }

    /**
     * Arms {@code entry} for the first tick at or after {@code deadlineNanos} (and after the ticks already
     * run), moving it if it was armed.
     */
    void arm(TickEntry entry, long deadlineNanos) {
        if (entry.isArmed()) {
            unlink(entry);
        }
        long tick = Math.max(ceilDiv(deadlineNanos, tickNanos), doneTick + 1);
        entry.tick = tick;
        int slot = (int) tick & mask;
        entry.slot = slot;
        entry.prev = null;
        entry.next = buckets[slot];
        if (entry.next != null) {
            entry.next.prev = entry;
        }
        buckets[slot] = entry;
        size++;
    }

    /** Unarms {@code entry}; nothing if it was not armed. */
    void disarm(TickEntry entry) {
        if (entry.isArmed()) {
            unlink(entry);
        }
    }

    /**
     * Runs every entry due at {@code now} (armed for a tick at or before it), each unarmed before it runs.
     * An entry may arm or disarm any entry, itself included: one armed again runs at its new tick, which is
     * after {@code now}; one disarmed before its turn does not run.
     */
    void expire(long now) {
        long target = Math.floorDiv(now, tickNanos);
        if (target <= doneTick) {
            return;
        }
        long steps = Math.min(target - doneTick, buckets.length);
        TickEntry last = null;
        for (long t = doneTick + 1; t <= doneTick + steps; t++) {
            last = collectDue(buckets[(int) t & mask], target, last);
        }
        doneTick = target;
        while (due != null) {
            TickEntry entry = due;
            unlink(entry);
            try {
                entry.expire();
            } catch (RuntimeException e) {
                LOG.warn("A timeout task threw", e);
            }
        }
    }

    /** Moves the entries of one bucket armed for {@code target} or before to the end of the due list. */
    private TickEntry collectDue(TickEntry head, long target, TickEntry last) {
        TickEntry entry = head;
        while (entry != null) {
            TickEntry next = entry.next;
            if (entry.tick <= target) {
                unlink(entry);
                size++; // still armed: counted until it runs
                entry.slot = TickEntry.DUE;
                entry.prev = last;
                entry.next = null;
                if (last == null) {
                    due = entry;
                } else {
                    last.next = entry;
                }
                last = entry;
            }
            entry = next;
        }
        return last;
    }

    /**
     * The tick of the nearest non-empty bucket, or {@link #NONE}: a wake-up at it runs at least the entries
     * due then. (An entry more than a round ahead may make it early; that wake-up then runs nothing.)
     */
    long nextTick() {
        if (size == 0) {
            return NONE;
        }
        for (int i = 1; i <= buckets.length; i++) {
            if (buckets[(int) (doneTick + i) & mask] != null) {
                return doneTick + i;
            }
        }
        throw new IllegalStateException("entries counted but in no bucket: " + size);
    }

    private void unlink(TickEntry entry) {
        if (entry.prev != null) {
            entry.prev.next = entry.next;
        } else if (entry.slot == TickEntry.DUE) {
            due = entry.next;
        } else {
            buckets[entry.slot] = entry.next;
        }
        if (entry.next != null) {
            entry.next.prev = entry.prev;
        }
        entry.prev = null;
        entry.next = null;
        entry.slot = TickEntry.UNARMED;
        size--;
    }

    /** The first tick at or after {@code nanos}. */
    static long ceilDiv(long nanos, long tickNanos) {
        return -Math.floorDiv(-nanos, tickNanos);
    }
}
