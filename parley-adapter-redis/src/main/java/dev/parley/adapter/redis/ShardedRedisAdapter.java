package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.ClusterMessageType;
import dev.parley.adapter.redis.wire.ShardedChannels;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AdapterListener;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a cluster over Redis 7 sharded pub/sub, speaking {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3.0 (socket.io-adapter's {@code ClusterAdapter} model): every message
 * on {@code prefix#nsp#}, responses on the requester's {@code prefix#nsp#uid#}, and in the dynamic
 * subscription modes broadcasts to one room on that room's channel, to which a server subscribes while the
 * room has a member there. The server count is {@code PUBSUB SHARDNUMSUB} of the namespace channel. The
 * local part of every operation is the in-memory adapter's, applied at once (as Node's ClusterAdapter does);
 * a server ignores its own messages.
 *
 * <p>Messages from other servers are applied in order per namespace on a delivery thread. Thread-safe.
 */
final class ShardedRedisAdapter extends InMemoryAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedRedisAdapter.class);

    private final PubSubTransport redis;
    private final RedisAdapterOptions options;
    private final ShardedChannels channels;
    private final String uid = ClusterIds.next();
    private final SerialDelivery delivery;
    private final ClusterRequests requests;
    /** Rooms whose channel this server subscribed to; guarded by itself (create and delete may race). */
    private final Set<String> roomChannels = new HashSet<>();
    private final BiConsumer<String, byte[]> onMessage;
    private final CompletableFuture<Void> ready;
    private volatile boolean closed;

    ShardedRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            Executor deliveryPool) {
        super(namespace);
        this.redis = redis;
        this.options = options;
        this.channels = new ShardedChannels(options.key(), namespace.name(), options.subscriptionMode());
        this.delivery = new SerialDelivery(namespace.name(), deliveryPool, options.maxPendingDeliveries());
        this.requests = new ClusterRequests(this, namespace, uid, options.requestsTimeout(), deliveryPool,
                new ClusterRequests.Wire(this::publish,
                        (to, response) -> redis.spublish(channels.responses(to), response.encode()),
                        () -> redis.shardNumsub(channels.namespace())),
                new LocalPart());
        this.onMessage = (channel, message) -> delivery.execute(() -> onRawMessage(channel, message));
        this.ready = CompletableFuture.allOf(
                redis.ssubscribe(channels.namespace(), onMessage).toCompletableFuture(),
                redis.ssubscribe(channels.responses(uid), onMessage).toCompletableFuture());
        addListener(new RoomChannels());
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    @Override
    public Duration requestsTimeout() {
        return options.requestsTimeout();
    }

    /** {@code PUBSUB SHARDNUMSUB} of the namespace channel, or 1 if Redis cannot answer within the requests timeout. */
    @Override
    public CompletionStage<Integer> serverCount() {
        return requests.serverCount();
    }

    // ---- what this server sends ----

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            // The one message that may go to a room's channel (dynamic modes).
            redis.spublish(channels.channelOf(ClusterMessageType.BROADCAST, null, List.copyOf(opts.rooms())),
                    ClusterMessage.broadcast(uid, namespace().name(), ClassicWire.eventOf(packet), ClassicWire.broadcastOptions(opts))
                            .encode());
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        if (!opts.flags().local()) {
            requests.broadcastWithAck(packet, opts, clientCount, ack);
        }
        super.broadcastWithAck(packet, opts, clientCount, ack);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.socketsJoin(uid, namespace().name(), ClassicWire.clusterSelection(opts), List.copyOf(rooms)));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.socketsLeave(uid, namespace().name(), ClassicWire.clusterSelection(opts), List.copyOf(rooms)));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.disconnectSockets(uid, namespace().name(), ClassicWire.clusterSelection(opts), close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).toCompletableFuture().join();
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return requests.fetchSockets(opts, local);
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        requests.serverSideEmit(eventAndArgs);
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return requests.serverSideEmitWithAck(eventAndArgs);
    }

    @Override
    public CompletionStage<Void> close() {
        closed = true;
        requests.abandon();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        done.add(redis.sunsubscribe(channels.namespace()).toCompletableFuture());
        done.add(redis.sunsubscribe(channels.responses(uid)).toCompletableFuture());
        synchronized (roomChannels) {
            roomChannels.forEach(room -> done.add(redis.sunsubscribe(channels.room(room)).toCompletableFuture()));
            roomChannels.clear();
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Publishes on the namespace channel: every message but a broadcast without ack (see {@link #broadcast}). */
    private void publish(ClusterMessage message) {
        redis.spublish(channels.namespace(), message.encode());
    }

    // ---- what other servers send ----

    private void onRawMessage(String channel, byte[] raw) {
        if (closed) {
            return;
        }
        ClusterMessage message;
        try {
            message = ClusterMessage.decode(raw);
        } catch (WireFormatException e) {
            // Unknown types included, as Node ignores them.
            LOG.debug("Ignoring a message on {}: {}", channel, e.toString());
            return;
        }
        if (uid.equals(message.uid()) || !namespace().name().equals(message.nsp())) {
            return;
        }
        try {
            if (message.type().isResponse()) {
                requests.onResponse(message);
            } else {
                onRequest(message);
            }
        } catch (WireFormatException e) {
            LOG.debug("Ignoring a malformed message on {}: {}", channel, e.toString());
        }
    }

    private void onRequest(ClusterMessage message) throws WireFormatException {
        switch (message.type()) {
            case BROADCAST -> onBroadcast(message);
            case SOCKETS_JOIN -> super.addSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case SOCKETS_LEAVE -> super.delSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(ClassicWire.selection(message.opts()), message.close());
            case FETCH_SOCKETS -> requests.onFetchSockets(message);
            case SERVER_SIDE_EMIT -> requests.onServerSideEmit(message);
            default -> {
                // Heartbeats and ADAPTER_CLOSE belong to ClusterAdapterWithHeartbeat: nothing to do here.
            }
        }
    }

    private void onBroadcast(ClusterMessage message) throws WireFormatException {
        Optional<Packet> event = ClassicWire.event(message);
        if (event.isEmpty()) {
            return;
        }
        if (message.requestId() == null) {
            super.broadcast(event.get(), ClassicWire.options(message.opts()));
        } else {
            requests.onBroadcastWithAck(message, event.get());
        }
    }

    // ---- room channels (dynamic modes) ----

    /** Subscribes to a room's channel when the room appears on this server, unsubscribes when it goes. */
    private final class RoomChannels implements AdapterListener {
        @Override
        public void createRoom(String room) {
            // A socket's own room is created while the socket is in it: its id then has rooms (Node: sids.has).
            if (channels.subscribesTo(!socketRooms(room).isEmpty())) {
                synchronized (roomChannels) { // held while the command is queued: SSUBSCRIBE/SUNSUBSCRIBE keep their order
                    if (!closed && roomChannels.add(room)) {
                        redis.ssubscribe(channels.room(room), onMessage);
                    }
                }
            }
        }

        @Override
        public void deleteRoom(String room) {
            synchronized (roomChannels) {
                if (roomChannels.remove(room)) {
                    redis.sunsubscribe(channels.room(room));
                }
            }
        }
    }

    /** Messages dropped because this namespace could not keep up with the cluster. */
    long droppedDeliveries() {
        return delivery.dropped();
    }

    /** The in-memory adapter's part of a request from another server (this adapter overrides both methods). */
    private final class LocalPart implements ClusterRequests.Local {
        @Override
        public List<RemoteSocket> fetchSockets(BroadcastOptions opts) {
            return ShardedRedisAdapter.super.fetchSockets(opts).toCompletableFuture().join();
        }

        @Override
        public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
            ShardedRedisAdapter.super.broadcastWithAck(packet, opts, clientCount, ack);
        }
    }
}
