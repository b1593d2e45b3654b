package dev.parley.socketio.adapter;

import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Connection state recovery for one namespace of one server: the recent broadcasts, each with an offset, and
 * the sessions of dropped sockets.
 *
 * <p>Memory: each broadcast is kept once, as the packet encoded for the wire (shared by all its recipients
 * and replayed as is), in a time-ordered queue bounded by {@code maxPackets} and {@code maxBytes}: past
 * either, the oldest go. Packets and sessions older than the window go too, on a timer (at most one pending
 * per log, at most about once a second), so memory is released as entries age, not when the next broadcast
 * happens to come. Recording is O(1) amortised: an append and trims from the head.
 *
 * <p>A client whose last offset is older than the oldest kept packet may have missed a dropped one: it is
 * not recovered (a fresh session, as when the window has passed), never recovered with a gap.
 *
 * <p>Thread-safe; every method takes this log's monitor (the timer's sweep too).
 */
final class RecoveryLog {
    /** Schedules a task once after a delay, off any event loop (the server's timer). */
    interface Scheduler {
        void schedule(long delayNanos, Runnable task);
    }

    private record Stored(long counter, BroadcastOptions options, EncodedPacket encoded, long emittedAt, long bytes) {
    }

    private record Persisted(SessionState state, long disconnectedAt) {
    }

    private record SessionExpiry(String pid, long disconnectedAt) {
    }

    /**
     * Heap a kept packet costs besides its text and binary: the entry, its deque slot, the encoded packet
     * record, its list and the String header (object headers and references on a 64-bit JVM).
     */
    static final long ENTRY_OVERHEAD = 128;
    private static final long SWEEP_SLACK_NANOS = 1_000_000_000L;

    private final long windowNanos;
    private final int maxPackets;
    private final long maxBytes;
    private final LongSupplier clock;
    private final Scheduler scheduler;
    private final ArrayDeque<Stored> packets = new ArrayDeque<>();
    private final Map<String, Persisted> sessions = new HashMap<>();
    private final ArrayDeque<SessionExpiry> sessionExpiries = new ArrayDeque<>();
    // Offsets are unique per server run: a random prefix (so a restarted server never matches an old
    // offset) and a counter, one per stamped packet, so kept packets are in counter order.
    private final String prefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private long counter;
    private long bytes;
    private boolean sweepScheduled;

    RecoveryLog(Duration window, int maxPackets, long maxBytes, LongSupplier clock, Scheduler scheduler) {
        this.windowNanos = window.toNanos();
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Whether a broadcast is recorded: events without ack that are not volatile (as socket.io). */
    static boolean recordable(Packet packet, BroadcastOptions options) {
        return packet.type() == PacketType.EVENT && !packet.hasId() && !options.flags().isVolatile()
                && packet.data() instanceof List<?>;
    }

    /**
     * The event with the next offset appended; {@link #record} then keeps its encoding. The caller holds a
     * monitor across both (the adapter's), so that offsets reach clients in order.
     */
    @SuppressWarnings("unchecked")
    synchronized Packet stamp(Packet packet) {
        counter++;
        List<Object> data = new ArrayList<>((List<Object>) packet.data());
        data.add(prefix + Long.toString(counter, 36));
        return new Packet(packet.type(), packet.namespace(), packet.id(), data);
    }

    /** Keeps the encoding of the packet last {@link #stamp stamped}, then trims to the bounds. */
    synchronized void record(EncodedPacket encoded, BroadcastOptions options) {
        long now = clock.getAsLong();
        long size = sizeOf(encoded, options);
        packets.addLast(new Stored(counter, options, encoded, now, size));
        bytes += size;
        while (packets.size() > maxPackets || bytes > maxBytes) {
            evictHead();
        }
        expire(now);
        scheduleSweep(now);
    }

    synchronized void persist(SessionState session) {
        long now = clock.getAsLong();
        sessions.put(session.pid(), new Persisted(session, now));
        sessionExpiries.addLast(new SessionExpiry(session.pid(), now));
        expire(now);
        scheduleSweep(now);
    }

    /**
     * The session with this private id and the kept broadcasts after {@code offset} that reach its rooms;
     * empty if unknown, expired, or if a packet after the offset was dropped by the bounds.
     */
    synchronized Optional<SessionState> restore(String pid, String offset) {
        long now = clock.getAsLong();
        expire(now);
        Persisted persisted = sessions.remove(pid);
        long seen = counterOf(offset);
        if (persisted == null || seen < 0) {
            return Optional.empty();
        }
        long oldestKept = packets.isEmpty() ? counter + 1 : packets.peekFirst().counter;
        if (seen + 1 < oldestKept) {
            return Optional.empty(); // packets it has not seen were dropped: a gap, not a recovery
        }
        List<EncodedPacket> missed = new ArrayList<>();
        for (Stored stored : packets) {
            if (stored.counter > seen && reaches(stored.options, persisted.state.rooms())) {
                missed.add(stored.encoded);
            }
        }
        SessionState s = persisted.state;
        return Optional.of(new SessionState(s.id(), s.pid(), s.rooms(), s.data(), missed));
    }

    /** Runs on the timer: drops what aged out, and plans the next sweep if anything is left. */
    void sweep() {
        synchronized (this) {
            sweepScheduled = false;
            long now = clock.getAsLong();
            expire(now);
            scheduleSweep(now);
        }
    }

    /** Packets kept (for tests). */
    synchronized int packetCount() {
        return packets.size();
    }

    /** Bytes of kept packets as counted against {@code maxBytes} (for tests). */
    synchronized long retainedBytes() {
        return bytes;
    }

    /** Sessions kept (for tests). */
    synchronized int sessionCount() {
        return sessions.size();
    }

    /** The counter an offset of this log names, or -1 if it is not one (another server run, garbage). */
    private long counterOf(String offset) {
        if (offset == null || !offset.startsWith(prefix) || offset.length() == prefix.length()
                || offset.length() - prefix.length() > 12) {
            return -1;
        }
        try {
            long value = Long.parseLong(offset, prefix.length(), offset.length(), 36);
            return value >= 1 && value <= counter ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void evictHead() {
        bytes -= packets.pollFirst().bytes;
    }

    private void expire(long now) {
        while (!packets.isEmpty() && now - packets.peekFirst().emittedAt > windowNanos) {
            evictHead();
        }
        while (!sessionExpiries.isEmpty() && now - sessionExpiries.peekFirst().disconnectedAt > windowNanos) {
            SessionExpiry expiry = sessionExpiries.pollFirst();
            Persisted current = sessions.get(expiry.pid);
            // A pid persisted again since (a recovered socket dropped again) has a later entry of its own.
            if (current != null && current.disconnectedAt == expiry.disconnectedAt) {
                sessions.remove(expiry.pid);
            }
        }
    }

    private void scheduleSweep(long now) {
        if (sweepScheduled) {
            return;
        }
        long oldest = Long.MAX_VALUE;
        if (!packets.isEmpty()) {
            oldest = packets.peekFirst().emittedAt;
        }
        if (!sessionExpiries.isEmpty()) {
            oldest = Math.min(oldest, sessionExpiries.peekFirst().disconnectedAt);
        }
        if (oldest == Long.MAX_VALUE) {
            return;
        }
        sweepScheduled = true;
        // After the oldest entry's expiry, plus a slack that batches the expiries of about one second.
        long delay = Math.max(0, oldest + windowNanos - now) + SWEEP_SLACK_NANOS;
        scheduler.schedule(delay, this::sweep);
    }

    private static boolean reaches(BroadcastOptions options, Set<String> rooms) {
        boolean included = options.rooms().isEmpty() || options.rooms().stream().anyMatch(rooms::contains);
        boolean excluded = options.except().stream().anyMatch(rooms::contains);
        return included && !excluded;
    }

    /** Heap a kept packet takes, as counted against {@code maxBytes}. */
    static long sizeOf(EncodedPacket encoded, BroadcastOptions options) {
        long size = ENTRY_OVERHEAD + 16L * (options.rooms().size() + options.except().size());
        if (encoded.text() != null) {
            size += textBytes(encoded.text());
        }
        for (byte[] attachment : encoded.attachments()) {
            size += 16 + attachment.length;
        }
        return size;
    }

    /** A String's characters take one byte each if all are Latin-1 (compact strings), else two. */
    private static long textBytes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return 2L * text.length();
            }
        }
        return text.length();
    }
}
