package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.ClusterMessageType;
import dev.parley.adapter.redis.wire.StreamEntries;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a cluster over Redis streams, speaking {@code @socket.io/redis-streams-adapter} 0.3.1
 * (socket.io-adapter's {@code ClusterAdapter} model): broadcasts, joins, leaves and disconnects are entries of
 * the namespace's stream ({@code XADD MAXLEN ~}), read by every server in order; ephemeral messages
 * (broadcasts with acks, {@code serverSideEmit}, {@code fetchSockets}) go over pub/sub on {@code prefix#nsp#},
 * responses on the requester's {@code prefix#nsp#uid#}; the server count is {@code PUBSUB NUMSUB} of
 * {@code prefix#nsp#}, as Node's 0.3.1 counts (it has no heartbeats).
 *
 * <p>Connection state recovery works on any server: a broadcast's offset is its stream id, dropped sessions
 * are kept in Redis ({@link StreamRecovery}), and a restore replays the stream from the client's offset.
 *
 * <p>Messages from other servers, and this server's own stamped broadcasts, are applied in order on a
 * delivery thread, under this adapter's monitor (which a restore's resume takes too). Thread-safe.
 */
final class StreamsRedisAdapter extends ClusterAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRedisAdapter.class);

    private final PubSubTransport pubsub;
    private final RedisStreams streams;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final CompletableFuture<Void> ready;
    private final StreamRecovery recovery;
    private volatile Runnable onClose;

    StreamsRedisAdapter(AdapterNamespace namespace, PubSubTransport pubsub, RedisStreams streams, String stream,
            CompletionStage<Void> readerStarted, RedisAdapterOptions options, Executor deliveryPool) {
        super(namespace, false, options, deliveryPool, new ClusterRequests.Wire(
                request -> pubsub.publish(channel(options, namespace, null), StreamEntries.toPayload(request)),
                (to, response) -> pubsub.publish(channel(options, namespace, to), StreamEntries.toPayload(response)),
                () -> pubsub.numsub(channel(options, namespace, null))));
        this.pubsub = pubsub;
        this.streams = streams;
        this.stream = stream;
        this.publicChannel = channel(options, namespace, null);
        this.privateChannel = channel(options, namespace, uid);
        this.recovery = namespace.maxDisconnectionDuration() == null ? null
                : new StreamRecovery(this, namespace, streams, stream, options.streams(), deliveryPool);
        BiConsumer<String, byte[]> onPayload = (channel, payload) -> delivery.execute(() -> onPubSubPayload(channel, payload));
        this.ready = CompletableFuture.allOf(pubsub.subscribe(onPayload, publicChannel, privateChannel).toCompletableFuture(),
                readerStarted.toCompletableFuture());
    }

    /** The pub/sub channel of the namespace's ephemeral messages ({@code prefix#nsp#}), or of one server's answers. */
    private static String channel(RedisAdapterOptions options, AdapterNamespace namespace, String uid) {
        return options.key() + "#" + namespace.name() + "#" + (uid == null ? "" : uid + "#");
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    // ---- what this server sends ----

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (opts.flags().local()) {
            super.broadcast(packet, opts);
            return;
        }
        ClusterMessage message = ClusterMessage.broadcast(uid, namespace().name(), ClassicWire.eventOf(packet),
                ClassicWire.broadcastOptions(opts));
        if (recovery == null || !StreamRecovery.stamped(packet, opts)) {
            publish(message);
            super.broadcast(packet, opts);
            return;
        }
        // The local sockets get it when the reader reads it back, in stream order with every other server's
        // broadcasts: so the offsets a client sees only grow, and a client that recovers from its last offset
        // cannot skip an earlier entry it had not been sent yet. (Node delivers its own at once, before entries
        // of other servers that precede it in the stream.)
        streams.xadd(stream, StreamEntries.toFields(message), options.streams().maxLen()).whenComplete((id, error) -> {
            if (error != null) {
                // Node drops the broadcast; Parley still serves its own clients (without an offset).
                LOG.debug("XADD to {} failed ({}): broadcasting locally only", stream, error.toString());
                delivery.execute(() -> super.broadcast(packet, opts));
            }
        });
    }

    /** {@code socket.emit} with recovery on goes through the stream, as in Node, so that it has an offset. */
    @Override
    public void emitToSocket(String socketId, Packet packet, boolean compress) {
        broadcast(packet, new BroadcastOptions(Set.of(socketId), Set.of(), BroadcastFlags.DEFAULT.withCompress(compress)));
    }

    // ---- connection state recovery ----

    @Override
    public void persistSession(SessionState session) {
        if (recovery != null) {
            recovery.persist(session);
        }
    }

    @Override
    public CompletionStage<Optional<SessionState>> restoreSession(String pid, String offset) {
        return recovery == null ? CompletableFuture.completedFuture(Optional.empty()) : recovery.restore(pid, offset);
    }

    @Override
    public boolean resumeSession(SessionState restored, Runnable joinAndReplay, Consumer<EncodedPacket> late) {
        if (recovery == null) {
            return super.resumeSession(restored, joinAndReplay, late);
        }
        synchronized (this) {
            return recovery.resume(restored, joinAndReplay, late);
        }
    }

    /**
     * A broadcast with its stream id: the id is appended as the last argument (Node's
     * {@code addOffsetIfNecessary}), then it is written to the local sockets and kept for the sessions being
     * restored, under this adapter's monitor, so that a resume sees each one either as written or as kept.
     */
    private void deliverStamped(String id, Packet packet, BroadcastOptions opts) {
        Packet stamped = StreamRecovery.withOffset(packet, id);
        synchronized (this) {
            recovery.keepForRestores(id, stamped, opts);
            super.broadcast(stamped, recovery.withoutReplayed(id, opts));
        }
    }

    /** Runs once when this adapter closes (the cluster stops routing the stream's entries to it). */
    void whenClosed(Runnable action) {
        this.onClose = action;
    }

    @Override
    public CompletionStage<Void> close() {
        closed = true;
        Runnable action = onClose;
        if (action != null) {
            action.run();
        }
        requests.abandon();
        return pubsub.unsubscribe(null, publicChannel, privateChannel);
    }

    /** Appends to the stream: socketsJoin, socketsLeave, disconnectSockets, and broadcasts without offset. */
    @Override
    void publish(ClusterMessage message) {
        streams.xadd(stream, StreamEntries.toFields(message), options.streams().maxLen()).exceptionally(error -> {
            LOG.debug("XADD to {} failed: {}", stream, error.toString());
            return null;
        });
    }

    // ---- what other servers send ----

    /** An entry of the stream (on the reader's thread): handed to the delivery thread, waiting for room. */
    void onEntry(String id, Map<String, String> fields) {
        delivery.executeWhenRoom(() -> {
            if (closed) {
                return;
            }
            ClusterMessage message;
            try {
                message = StreamEntries.fromFields(fields);
            } catch (WireFormatException e) {
                LOG.debug("Ignoring entry {} of {}: {}", id, stream, e.toString());
                return;
            }
            if (!namespace().name().equals(message.nsp())) {
                return;
            }
            try {
                if (uid.equals(message.uid())) {
                    onOwnEntry(message, id); // applied locally when it was made, except stamped broadcasts
                    return;
                }
                onMessage(message, id);
            } catch (WireFormatException e) {
                LOG.debug("Ignoring malformed entry {} of {}: {}", id, stream, e.toString());
            }
        });
    }

    private void onOwnEntry(ClusterMessage message, String id) throws WireFormatException {
        if (recovery == null || message.type() != ClusterMessageType.BROADCAST || message.requestId() != null) {
            return;
        }
        Optional<Packet> event = replayable(message);
        BroadcastOptions opts = optionsOf(message);
        if (event.isPresent() && StreamRecovery.stamped(event.get(), opts)) {
            deliverStamped(id, event.get(), opts);
        }
    }

    @Override
    ClusterMessage decode(byte[] payload) throws WireFormatException {
        return StreamEntries.fromPayload(payload);
    }

    @Override
    void applyBroadcast(Packet event, BroadcastOptions opts, String id) {
        if (id != null && recovery != null && StreamRecovery.stamped(event, opts)) {
            deliverStamped(id, event, opts);
        } else {
            super.broadcast(event, opts);
        }
    }

    // ---- helpers ----

    /** Decodes a stream entry's broadcast for a replay (the same rules as a live one). */
    Optional<Packet> replayable(ClusterMessage message) throws WireFormatException {
        if (message.type() != ClusterMessageType.BROADCAST || message.requestId() != null
                || !namespace().name().equals(message.nsp())) {
            return Optional.empty();
        }
        return ClassicWire.event(message);
    }

    static BroadcastOptions optionsOf(ClusterMessage message) throws WireFormatException {
        return ClassicWire.options(message.opts());
    }
}
