package dev.parley.socketio.adapter;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of a single server: rooms in two concurrent maps (room -> sockets, socket -> rooms), and the
 * connection state recovery log. A cluster adapter extends it, as Node's adapters extend theirs: it keeps
 * the local rooms here and calls {@code super} for the local part of each operation.
 */
public class InMemoryAdapter implements Adapter {
    private final AdapterNamespace namespace;
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> socketRooms = new ConcurrentHashMap<>();
    private final List<AdapterListener> listeners = new CopyOnWriteArrayList<>();

    private final RecoveryLog recovery;

    public InMemoryAdapter(AdapterNamespace namespace) {
        this(namespace, true);
    }

    /**
     * With {@code keepRecoveryLog} false, this adapter keeps no recovery log and stamps no offset: for a
     * cluster adapter whose recovery lives elsewhere (the streams adapter keeps it in Redis) and which
     * overrides {@link #persistSession} and {@link #restoreSession}.
     */
    protected InMemoryAdapter(AdapterNamespace namespace, boolean keepRecoveryLog) {
        this.namespace = namespace;
        Duration window = keepRecoveryLog ? namespace.maxDisconnectionDuration() : null;
        this.recovery = window == null ? null : new RecoveryLog(window, namespace.recoveryMaxPackets(),
                namespace.recoveryMaxBytes(), System::nanoTime,
                (delayNanos, task) -> namespace.schedule(Duration.ofNanos(delayNanos), task));
    }

    /** The namespace this adapter serves on this server. */
    protected final AdapterNamespace namespace() {
        return namespace;
    }

    /** The recovery log (for tests); null when recovery is off. */
    RecoveryLog recoveryLog() {
        return recovery;
    }

    // Memory: every socket is in its own room, and most rooms of an idle server have one member. So a
    // socket's own set of rooms is an immutable Set replaced on change (joins are rare, reads are copies
    // anyway), and a room's members are an immutable one-element Set until a second socket joins, when
    // they become a concurrent set. This halves the heap of an idle socket.

    @Override
    public void addAll(String socketId, Set<String> newRooms) {
        Set<String> names = canonicalNames(newRooms);
        socketRooms.compute(socketId, (k, mine) -> union(mine, names));
        for (String room : newRooms) {
            boolean[] created = new boolean[1];
            boolean[] joined = new boolean[1];
            // The add happens inside compute: a concurrent last leave cannot drop the set under it.
            rooms.compute(room, (k, members) -> {
                if (members == null) {
                    created[0] = true;
                    joined[0] = true;
                    return Set.of(socketId);
                }
                if (members.contains(socketId)) {
                    return members;
                }
                joined[0] = true;
                if (members instanceof ConcurrentHashMap.KeySetView<String, ?>) {
                    members.add(socketId);
                    return members;
                }
                // Its name as the mapped value: what canonicalNames hands to the sockets that join it later.
                Set<String> grown = new ConcurrentHashMap<String, String>().keySet(room);
                grown.addAll(members);
                grown.add(socketId);
                return grown;
            });
            if (created[0]) {
                listeners.forEach(l -> l.createRoom(room));
            }
            if (joined[0]) {
                listeners.forEach(l -> l.joinRoom(room, socketId));
            }
        }
    }

    /**
     * The rooms' names as the room map already holds them: each joining socket otherwise keeps its own copy
     * of the name it sent in its set of rooms (about 50 bytes a socket for a short name, the heap of an idle
     * chat client). A room of two members or more carries its name as its member set's mapped value.
     */
    private Set<String> canonicalNames(Set<String> names) {
        if (names.size() != 1) {
            return names; // a restored session or a cluster's addSockets: rare, not worth a copy
        }
        String name = names.iterator().next();
        Set<String> members = rooms.get(name);
        if (members instanceof ConcurrentHashMap.KeySetView<String, ?> view
                && view.getMappedValue() instanceof String known && known != name) {
            return Set.of(known);
        }
        return names;
    }

    private static Set<String> union(Set<String> mine, Set<String> more) {
        if (mine == null || mine.isEmpty()) {
            return Set.copyOf(more);
        }
        if (mine.containsAll(more)) {
            return mine;
        }
        Set<String> all = new java.util.HashSet<>(mine);
        all.addAll(more);
        return Set.copyOf(all);
    }

    @Override
    public void del(String socketId, String room) {
        socketRooms.computeIfPresent(socketId, (k, mine) -> {
            if (!mine.contains(room)) {
                return mine;
            }
            Set<String> rest = new java.util.HashSet<>(mine);
            rest.remove(room);
            return Set.copyOf(rest);
        });
        boolean[] left = new boolean[1];
        boolean[] deleted = new boolean[1];
        rooms.computeIfPresent(room, (k, members) -> {
            if (!(members instanceof ConcurrentHashMap.KeySetView<String, ?>)) {
                // The immutable one-member set.
                left[0] = members.contains(socketId);
                deleted[0] = left[0];
                return left[0] ? null : members;
            }
            left[0] = members.remove(socketId);
            if (members.isEmpty()) {
                deleted[0] = true;
                return null;
            }
            return members;
        });
        if (left[0]) {
            listeners.forEach(l -> l.leaveRoom(room, socketId));
        }
        if (deleted[0]) {
            listeners.forEach(l -> l.deleteRoom(room));
        }
    }

    @Override
    public void delAll(String socketId) {
        Set<String> mine = socketRooms.remove(socketId);
        if (mine != null) {
            for (String room : mine) {
                del(socketId, room);
            }
        }
    }

    @Override
    public void broadcast(Packet packet, BroadcastOptions options) {
        if (recovery != null && RecoveryLog.recordable(packet, options)) {
            // Offsets must reach each client in the order they were given: stamp, record and write together,
            // under the adapter's monitor, which a session restore also takes (see Namespace.connect). The
            // log keeps the encoding the targets share: one copy, replayed as is.
            synchronized (this) {
                try (OutgoingPacket outgoing = namespace.prepare(recovery.stamp(packet))) {
                    recovery.record(outgoing.encoded(), options);
                    write(outgoing, options);
                }
            }
            return;
        }
        write(packet, options);
    }

    private void write(Packet packet, BroadcastOptions options) {
        try (OutgoingPacket outgoing = namespace.prepare(packet)) {
            write(outgoing, options);
        }
    }

    private void write(OutgoingPacket outgoing, BroadcastOptions options) {
        BroadcastFlags flags = options.flags();
        int[] recipients = new int[1]; // one array per broadcast, not per recipient
        forEachTarget(options, id -> {
            if (namespace.write(id, outgoing, flags)) {
                recipients[0]++;
            }
        });
        namespace.delivered(recipients[0]);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions options, IntConsumer clientCount,
            Consumer<Object> ack) {
        int[] count = new int[1];
        // Each client's response is the first argument of its ack, as Node's broadcast operator takes it.
        Consumer<List<Object>> firstArgument = args -> ack.accept(args.isEmpty() ? null : args.get(0));
        try (OutgoingPacket outgoing = namespace.prepare(packet)) {
            forEachTarget(options, id -> {
                if (namespace.writeExpectingAck(id, outgoing, options.flags(), firstArgument)) {
                    count[0]++;
                }
            });
        }
        namespace.delivered(count[0]);
        clientCount.accept(count[0]);
    }

    /** Local socket ids the options select, as a fresh set (for the utilities, not the hot path). */
    protected final Set<String> targets(BroadcastOptions options) {
        Set<String> ids = new HashSet<>();
        forEachTarget(options, ids::add);
        return ids;
    }

    /**
     * Visits each selected socket once. The common cases (everyone, one room, with or without a few
     * exclusions) iterate the live sets without copying them: no allocation per target.
     */
    private void forEachTarget(BroadcastOptions options, Consumer<String> action) {
        Set<String> excluded = Set.of();
        if (!options.except().isEmpty()) {
            excluded = new HashSet<>();
            for (String room : options.except()) {
                Set<String> members = rooms.get(room);
                if (members != null) {
                    excluded.addAll(members);
                }
            }
        }
        Iterable<String> candidates;
        if (options.rooms().isEmpty()) {
            candidates = namespace.localSocketIds();
        } else if (options.rooms().size() == 1) {
            Set<String> members = rooms.get(options.rooms().iterator().next());
            candidates = members == null ? Set.of() : members;
        } else {
            candidates = sockets(options.rooms());
        }
        for (String id : candidates) {
            if (!excluded.contains(id)) {
                action.accept(id);
            }
        }
    }

    @Override
    public Set<String> sockets(Set<String> selected) {
        if (selected.isEmpty()) {
            return new HashSet<>(namespace.localSocketIds());
        }
        Set<String> ids = new HashSet<>();
        for (String room : selected) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        Set<String> mine = socketRooms.get(socketId);
        return mine == null ? Set.of() : Set.copyOf(mine);
    }

    /** Whether a room has members on this server. */
    protected final boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions options) {
        List<RemoteSocket> found = new ArrayList<>();
        for (String id : targets(options)) {
            namespace.localSocket(id).ifPresent(found::add);
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public void addSockets(BroadcastOptions options, Set<String> newRooms) {
        for (String id : targets(options)) {
            addAll(id, newRooms);
        }
    }

    @Override
    public void delSockets(BroadcastOptions options, Set<String> oldRooms) {
        for (String id : targets(options)) {
            for (String room : oldRooms) {
                del(id, room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions options, boolean close) {
        for (String id : targets(options)) {
            namespace.localSocket(id).ifPresent(s -> s.disconnect(close));
        }
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        // A single server has no peers: socket.io's in-memory adapter does nothing either.
    }

    @Override
    public void addListener(AdapterListener listener) {
        listeners.add(listener);
    }

    @Override
    public void persistSession(SessionState session) {
        if (recovery != null) {
            recovery.persist(session);
        }
    }

    @Override
    public CompletionStage<Optional<SessionState>> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(recovery == null ? Optional.empty() : recovery.restore(pid, offset));
    }
}
