package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.StoredSession;
import dev.parley.adapter.redis.wire.StreamEntries;
import dev.parley.adapter.redis.wire.StreamIds;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.OutgoingPacket;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection state recovery of one namespace over Redis streams, on any server of the cluster, in Node's
 * format (so Node and Parley servers restore each other's sessions):
 * <ul>
 *   <li>a dropped socket's session is {@link StoredSession} at {@code sessionKeyPrefix + pid}, with the
 *       recovery window as its TTL ({@code SET ... PX});</li>
 *   <li>a restore takes the session with {@code GETDEL} (once), checks that the client's offset is still in
 *       the stream ({@code XRANGE offset offset}: a trimmed offset means a gap, so a fresh session), and
 *       replays the stream after it: the broadcasts of this namespace that reach the session's rooms, each with
 *       its stream id appended, read with {@code XRANGE COUNT readCount} until the end;</li>
 *   <li>broadcasts that reach this server while a restore reads the stream are kept for it (at most
 *       {@code recoveryMaxPackets}), and {@link #resume} writes those after the replay, skipping the ones the
 *       replay had (by stream id); and until this server's reader has delivered the last entry the replay read,
 *       its deliveries skip the resumed socket ({@link #withoutReplayed}): nothing is lost, nothing overtakes,
 *       nothing comes twice.</li>
 * </ul>
 * A replay longer than {@code recoveryMaxPackets}, or a scan past {@code 2 * maxLen} entries, gives a fresh
 * session instead of an unbounded one. The restores in progress are guarded by the adapter's monitor.
 */
final class StreamRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecovery.class);

    private final Object monitor;
    private final StreamsRedisAdapter adapter;
    private final AdapterNamespace namespace;
    private final RedisStreams streams;
    private final String stream;
    private final StreamOptions options;
    private final Executor executor;
    private final Map<String, Restoring> restoring = new HashMap<>();
    /**
     * Resumed sockets whose replay read the stream further than this server's reader had delivered, with the last
     * id the replay read: the reader's deliveries up to that id are not written to them again.
     */
    private final Map<String, String> catchingUp = new HashMap<>();

    StreamRecovery(StreamsRedisAdapter adapter, AdapterNamespace namespace, RedisStreams streams, String stream,
            StreamOptions options, Executor executor) {
        this.monitor = adapter;
        this.adapter = adapter;
        this.namespace = namespace;
        this.streams = streams;
        this.stream = stream;
        this.options = options;
        this.executor = executor;
    }

    /** Whether a broadcast gets an offset (Node's {@code addOffsetIfNecessary}): an event without ack, not volatile. */
    static boolean stamped(Packet packet, BroadcastOptions options) {
        return packet.type() == PacketType.EVENT && !packet.hasId() && !options.flags().isVolatile()
                && packet.data() instanceof List<?>;
    }

    /** The event with its offset appended as the last argument. */
    @SuppressWarnings("unchecked")
    static Packet withOffset(Packet packet, String id) {
        List<Object> data = new ArrayList<>((List<Object>) packet.data());
        data.add(id);
        return new Packet(packet.type(), packet.namespace(), packet.id(), data);
    }

    void persist(SessionState session) {
        List<String> rooms = new ArrayList<>();
        rooms.add(session.id()); // Node lists the socket's own room first (it joins it first)
        session.rooms().stream().filter(r -> !r.equals(session.id())).sorted().forEach(rooms::add);
        String value = new StoredSession(session.id(), session.pid(), rooms, new LinkedHashMap<>(session.data())).encode();
        streams.setWithTtl(options.sessionKeyPrefix() + session.pid(), value, namespace.maxDisconnectionDuration())
                .exceptionally(error -> {
                    LOG.debug("Session {} could not be kept in Redis: {}", session.id(), error.toString());
                    return null;
                });
    }

    CompletionStage<Optional<SessionState>> restore(String pid, String offset) {
        if (!StreamIds.isValid(offset)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Restoring r = new Restoring();
        synchronized (monitor) {
            restoring.put(pid, r); // before reading: from now on, what arrives is kept for it
        }
        // A restore whose socket never connects (refused by a middleware) lets go of what it kept.
        namespace.schedule(namespace.maxDisconnectionDuration(), () -> forget(pid, r));
        CompletableFuture<String> session = streams.getdel(options.sessionKeyPrefix() + pid).toCompletableFuture();
        CompletableFuture<List<StreamMessage<String, String>>> atOffset =
                streams.xrange(stream, offset, offset, 1).toCompletableFuture();
        return session.thenCombineAsync(atOffset, (raw, entries) -> {
            if (raw == null || entries.isEmpty()) {
                LOG.debug("Session {} {}", pid, raw == null ? "unknown or expired" : "offset no longer in the stream");
                return null;
            }
            try {
                return StoredSession.decode(raw);
            } catch (WireFormatException e) {
                LOG.debug("Session {} unreadable: {}", pid, e.toString());
                return null;
            }
        }, executor).thenCompose(stored -> stored == null ? CompletableFuture.completedFuture(null)
                : replay(stored, StreamIds.next(offset), offset, new ArrayList<>(), 0))
                .handle((replayed, error) -> {
                    if (error != null || replayed == null) {
                        if (error != null) {
                            LOG.debug("Session {} could not be restored: {}", pid, error.toString());
                        }
                        forget(pid, r);
                        return Optional.<SessionState>empty();
                    }
                    synchronized (monitor) {
                        r.lastReadId = replayed.lastId; // the client's offset, or the last entry after it
                    }
                    return Optional.of(replayed.session);
                });
    }

    /** A finished replay: the restored session and the id of the last entry it read. */
    private record Replayed(SessionState session, String lastId) {
    }

    /** Reads the stream from {@code start} to its end, keeping what reaches the session; then the session. */
    private CompletableFuture<Replayed> replay(StoredSession stored, String start, String lastId,
            List<EncodedPacket> missed, long scanned) {
        return streams.xrange(stream, start, "+", options.readCount()).toCompletableFuture()
                .thenComposeAsync(entries -> {
                    Set<String> rooms = Set.copyOf(stored.rooms());
                    String last = lastId;
                    for (StreamMessage<String, String> entry : entries) {
                        last = entry.getId();
                        try {
                            ClusterMessage message = StreamEntries.fromFields(entry.getBody());
                            Optional<Packet> packet = adapter.replayable(message);
                            if (packet.isPresent()) {
                                BroadcastOptions opts = StreamsRedisAdapter.optionsOf(message);
                                if (stamped(packet.get(), opts) && reaches(opts, rooms)) {
                                    try (OutgoingPacket out = namespace.prepare(withOffset(packet.get(), entry.getId()))) {
                                        missed.add(out.encoded());
                                    }
                                }
                            }
                        } catch (WireFormatException e) {
                            LOG.debug("Skipping entry {} in a replay: {}", entry.getId(), e.toString());
                        }
                    }
                    long total = scanned + entries.size();
                    if (missed.size() > namespace.recoveryMaxPackets() || total > 2 * options.maxLen()) {
                        LOG.debug("Session {}: the replay is too long ({} packets, {} entries): a fresh session",
                                stored.sid(), missed.size(), total);
                        return CompletableFuture.completedFuture(null);
                    }
                    if (entries.size() == options.readCount()) {
                        return replay(stored, StreamIds.next(last), last, missed, total);
                    }
                    return CompletableFuture.completedFuture(new Replayed(new SessionState(stored.sid(), stored.pid(),
                            rooms, dataOf(stored.data()), missed), last));
                }, executor);
    }

    /**
     * Runs the join and replay, then writes what was kept for this session since its replay ended; under the
     * adapter's monitor. False if the restore is unknown here or kept more than it may.
     */
    boolean resume(SessionState restored, Runnable joinAndReplay, Consumer<EncodedPacket> late) {
        Restoring r = restoring.remove(restored.pid());
        if (r == null || r.lastReadId == null || r.overflowed) {
            return false;
        }
        joinAndReplay.run();
        for (Kept kept : r.kept) {
            if (StreamIds.compare(kept.id, r.lastReadId) > 0 && reaches(kept.options, restored.rooms())) {
                late.accept(kept.encoded);
            }
        }
        // The replay read the stream itself, up to its end then; the reader of this server may be behind it, or
        // the client may have come from a server that was ahead (its offset): until the reader passes that id,
        // what it delivers the socket already has.
        catchingUp.put(restored.id(), r.lastReadId);
        return true;
    }

    /**
     * The options of a broadcast the reader delivers now (under the adapter's monitor), without the resumed
     * sockets that already have it; a socket is caught up once the reader delivers its replay's last id or later.
     */
    BroadcastOptions withoutReplayed(String id, BroadcastOptions options) {
        if (catchingUp.isEmpty()) {
            return options;
        }
        Set<String> except = new java.util.HashSet<>(options.except());
        catchingUp.entrySet().removeIf(socket -> {
            int order = StreamIds.compare(id, socket.getValue());
            if (order <= 0) {
                except.add(socket.getKey());
            }
            return order >= 0;
        });
        return except.size() == options.except().size() ? options
                : new BroadcastOptions(options.rooms(), except, options.flags());
    }

    /** A broadcast delivered here while restores are reading (under the adapter's monitor). */
    void keepForRestores(String id, Packet stamped, BroadcastOptions opts) {
        if (restoring.isEmpty()) {
            return;
        }
        EncodedPacket encoded;
        try (OutgoingPacket out = namespace.prepare(stamped)) {
            encoded = out.encoded();
        }
        for (Restoring r : restoring.values()) {
            if (r.overflowed) {
                continue;
            }
            if (r.kept.size() >= namespace.recoveryMaxPackets()) {
                r.overflowed = true;
                r.kept.clear();
            } else {
                r.kept.add(new Kept(id, opts, encoded));
            }
        }
    }

    private void forget(String pid, Restoring r) {
        synchronized (monitor) {
            restoring.remove(pid, r);
        }
    }

    private static boolean reaches(BroadcastOptions options, Set<String> rooms) {
        boolean included = options.rooms().isEmpty() || options.rooms().stream().anyMatch(rooms::contains);
        boolean excluded = options.except().stream().anyMatch(rooms::contains);
        return included && !excluded;
    }

    /** {@code socket.data} as Parley holds it: an object's entries (null values dropped), else nothing. */
    private static Map<String, Object> dataOf(Object data) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (v != null) {
                    map.put(String.valueOf(k), v);
                }
            });
        }
        return map;
    }

    /** A restore in progress: where its replay ended, and what arrived meanwhile. */
    private static final class Restoring {
        String lastReadId;
        final List<Kept> kept = new ArrayList<>();
        boolean overflowed;
    }

    private record Kept(String id, BroadcastOptions options, EncodedPacket encoded) {
    }
}
