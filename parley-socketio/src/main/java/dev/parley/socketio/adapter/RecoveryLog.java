package dev.parley.socketio.adapter;

import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Connection state recovery for one server: the broadcasts of the last {@code maxDisconnectionDuration},
 * each with an offset, and the sessions of dropped sockets. Entries older than the window are dropped as
 * new ones come in, so memory is bounded by the traffic of one window.
 */
final class RecoveryLog {
    private record Stored(String offset, BroadcastOptions options, List<Object> data, long emittedAt) {
    }

    private record Persisted(SessionState state, long disconnectedAt) {
    }

    private final long windowNanos;
    private final LongSupplier clock;
    private final ArrayDeque<Stored> packets = new ArrayDeque<>();
    private final Map<String, Persisted> sessions = new ConcurrentHashMap<>();
    // Offsets are unique per server run: a random prefix (so a restarted server never matches an old
    // offset) and a counter.
    private final String prefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "-";
    private final AtomicLong counter = new AtomicLong();
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private volatile long lastSweep;

    RecoveryLog(Duration window, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** Whether a broadcast is recorded: events without ack that are not volatile (as socket.io). */
    static boolean recordable(Packet packet, BroadcastOptions options) {
        return packet.type() == PacketType.EVENT && !packet.hasId() && !options.flags().isVolatile()
                && packet.data() instanceof List<?>;
    }

    /** Appends an offset to the event and records it; returns the packet to send. */
    @SuppressWarnings("unchecked")
    synchronized Packet record(Packet packet, BroadcastOptions options) {
        long now = clock.getAsLong();
        expirePackets(now);
        String offset = prefix + Long.toString(counter.incrementAndGet(), 36);
        List<Object> data = new ArrayList<>((List<Object>) packet.data());
        data.add(offset);
        packets.add(new Stored(offset, options, Collections.unmodifiableList(data), now));
        return new Packet(packet.type(), packet.namespace(), packet.id(), data);
    }

    void persist(SessionState session) {
        long now = clock.getAsLong();
        // Sessions expire here (at most once a second) and on restore, never on the broadcast path, where a
        // sweep would cost O(sessions) per emit.
        if (now - lastSweep > SWEEP_INTERVAL_NANOS) {
            synchronized (this) {
                lastSweep = now;
                expire(now);
            }
        }
        sessions.put(session.pid(), new Persisted(session, now));
    }

    private void expirePackets(long now) {
        while (!packets.isEmpty() && now - packets.peekFirst().emittedAt > windowNanos) {
            packets.pollFirst();
        }
    }

    synchronized Optional<SessionState> restore(String pid, String offset) {
        long now = clock.getAsLong();
        expire(now);
        Persisted persisted = sessions.remove(pid);
        if (persisted == null || now - persisted.disconnectedAt > windowNanos) {
            return Optional.empty();
        }
        List<List<Object>> missed = new ArrayList<>();
        boolean found = false;
        for (Stored stored : packets) {
            if (found) {
                if (reaches(stored.options, persisted.state.rooms())) {
                    missed.add(stored.data);
                }
            } else if (stored.offset.equals(offset)) {
                found = true;
            }
        }
        if (!found) {
            return Optional.empty();
        }
        SessionState s = persisted.state;
        return Optional.of(new SessionState(s.id(), s.pid(), s.rooms(), s.data(), missed));
    }

    private static boolean reaches(BroadcastOptions options, Set<String> rooms) {
        boolean included = options.rooms().isEmpty() || options.rooms().stream().anyMatch(rooms::contains);
        boolean excluded = options.except().stream().anyMatch(rooms::contains);
        return included && !excluded;
    }

    private void expire(long now) {
        expirePackets(now);
        Iterator<Persisted> it = sessions.values().iterator();
        while (it.hasNext()) {
            if (now - it.next().disconnectedAt > windowNanos) {
                it.remove();
            }
        }
    }
}
