package dev.parley.engineio.internal;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines on a grid of ticks, kept in buckets by tick (a hashed wheel, without a thread of its own): the
 * heartbeats of the sessions of one event loop. Arming, moving and disarming an entry is O(1) and allocates
 * nothing, so a session's heartbeat can move on every ping and pong without garbage: with a scheduled task
 * and a timeout object per ping and per pong deadline, 19,000 idle connections made 1,500 objects a second,
 * each stored into an old object.
 *
 * <p>The buckets are lists linked by index in {@code int} arrays, not by references between the entries:
 * moving an entry then stores no reference at all, so it costs the garbage collector nothing (with G1 a
 * reference stored into an old object from another region dirties a card that its refinement threads
 * must scan, as they did for every heartbeat's timeout objects). An entry's one reference is stored once,
 * when it first takes a place.
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
    private static final int NIL = -1;
    /** The slot of a place whose entry is not armed. */
    private static final int UNARMED = -2;
    /** The slot of an entry in the list {@link #expire} is running. */
    private static final int DUE = -1;

    private final long tickNanos;
    private final int[] heads;
    private final int mask;
    // By place (an entry's id): its entry, its links, its bucket (or DUE, UNARMED), its tick.
    private TickEntry[] entries = new TickEntry[16];
    private int[] next = new int[16];
    private int[] prev = new int[16];
    private int[] slots = new int[16];
    private long[] ticks = new long[16];
    /** Places handed out so far, and the first free one below that (free places chained by {@code next}). */
    private int places;
    private int free = NIL;
    private int dueHead = NIL;
    /** Every tick up to this one has run. */
    private long doneTick;
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
        this.heads = new int[bucketCount];
        Arrays.fill(heads, NIL);
        this.mask = bucketCount - 1;
        this.doneTick = Math.floorDiv(now, tickNanos);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** How many entries are armed. */
    int size() {
        return size;
    }

    boolean isArmed(TickEntry entry) {
        return entry.id >= 0 && slots[entry.id] != UNARMED;
    }

    /** The tick {@code entry} is armed for. */
    long tickOf(TickEntry entry) {
        return ticks[entry.id];
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
        int id = entry.id;
        if (id < 0) {
            id = takePlace(entry);
        } else if (slots[id] != UNARMED) {
            unlink(id);
        }
        long tick = Math.max(ceilDiv(deadlineNanos, tickNanos), doneTick + 1);
        int slot = (int) tick & mask;
        ticks[id] = tick;
        slots[id] = slot;
        prev[id] = NIL;
        next[id] = heads[slot];
        if (heads[slot] != NIL) {
            prev[heads[slot]] = id;
        }
        heads[slot] = id;
        size++;
    }

    /** Unarms {@code entry} and gives up its place; nothing if it has none. */
    void disarm(TickEntry entry) {
        int id = entry.id;
        if (id < 0) {
            return;
        }
        if (slots[id] != UNARMED) {
            unlink(id);
        }
        entries[id] = null;
        next[id] = free;
        free = id;
        entry.id = -1;
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
        long steps = Math.min(target - doneTick, heads.length);
        int last = NIL;
        for (long t = doneTick + 1; t <= doneTick + steps; t++) {
            last = collectDue((int) t & mask, target, last);
        }
        doneTick = target;
        while (dueHead != NIL) {
            int id = dueHead;
            unlink(id);
            try {
                entries[id].expire();
            } catch (RuntimeException e) {
                LOG.warn("A timeout task threw", e);
            }
        }
    }

    /** Moves the entries of one bucket armed for {@code target} or before to the end of the due list. */
    private int collectDue(int slot, long target, int last) {
        int id = heads[slot];
        while (id != NIL) {
            int following = next[id];
            if (ticks[id] <= target) {
                unlink(id);
                size++; // still armed: counted until it runs
                slots[id] = DUE;
                prev[id] = last;
                next[id] = NIL;
                if (last == NIL) {
                    dueHead = id;
                } else {
                    next[last] = id;
                }
                last = id;
            }
            id = following;
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
        for (int i = 1; i <= heads.length; i++) {
            if (heads[(int) (doneTick + i) & mask] != NIL) {
                return doneTick + i;
            }
        }
        throw new IllegalStateException("entries counted but in no bucket: " + size);
    }

    private int takePlace(TickEntry entry) {
        int id;
        if (free != NIL) {
            id = free;
            free = next[id];
        } else {
            if (places == entries.length) {
                grow();
            }
            id = places++;
        }
        entries[id] = entry;
        slots[id] = UNARMED;
        entry.id = id;
        return id;
    }

    private void grow() {
        int capacity = entries.length * 2;
        entries = Arrays.copyOf(entries, capacity);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        slots = Arrays.copyOf(slots, capacity);
        ticks = Arrays.copyOf(ticks, capacity);
    }

    private void unlink(int id) {
        int before = prev[id];
        int after = next[id];
        if (before != NIL) {
            next[before] = after;
        } else if (slots[id] == DUE) {
            dueHead = after;
        } else {
            heads[slots[id]] = after;
        }
        if (after != NIL) {
            prev[after] = before;
        }
        prev[id] = NIL;
        next[id] = NIL;
        slots[id] = UNARMED;
        size--;
    }

    /** The first tick at or after {@code nanos}. */
    static long ceilDiv(long nanos, long tickNanos) {
        return -Math.floorDiv(-nanos, tickNanos);
    }
}
