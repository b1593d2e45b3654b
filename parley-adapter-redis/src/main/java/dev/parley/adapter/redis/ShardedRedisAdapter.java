package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.ClusterMessageType;
import dev.parley.adapter.redis.wire.ShardedChannels;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.adapter.AdapterListener;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.parser.Packet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * One namespace of a cluster over Redis 7 sharded pub/sub, speaking {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3.0 (socket.io-adapter's {@code ClusterAdapter} model): every message
 * on {@code prefix#nsp#}, responses on the requester's {@code prefix#nsp#uid#}, and in the dynamic
 * subscription modes broadcasts to one room on that room's channel, to which a server subscribes while the
 * room has a member there. The server count is {@code PUBSUB SHARDNUMSUB} of the namespace channel. The
 * local part of every operation is the in-memory adapter's, applied at once (as Node's ClusterAdapter does);
 * a server ignores its own messages ({@link ClusterAdapter}).
 *
 * <p>Messages from other servers are applied in order per namespace on a delivery thread. Thread-safe.
 */
final class ShardedRedisAdapter extends ClusterAdapter {
    private final PubSubTransport redis;
    private final ShardedChannels channels;
    /** Rooms whose channel this server subscribed to; guarded by itself (create and delete may race). */
    private final Set<String> roomChannels = new HashSet<>();
    private final BiConsumer<String, byte[]> onPayload;
    private final CompletableFuture<Void> ready;

    ShardedRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            Executor deliveryPool) {
        this(namespace, redis, options, deliveryPool,
                new ShardedChannels(options.key(), namespace.name(), options.subscriptionMode()));
    }

    private ShardedRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            Executor deliveryPool, ShardedChannels channels) {
        super(namespace, true, options, deliveryPool, new ClusterRequests.Wire(
                request -> redis.spublish(channels.namespace(), request.encode()),
                (to, response) -> redis.spublish(channels.responses(to), response.encode()),
                () -> redis.shardNumsub(channels.namespace())));
        this.redis = redis;
        this.channels = channels;
        this.onPayload = (channel, payload) -> delivery.execute(() -> onPubSubPayload(channel, payload));
        this.ready = CompletableFuture.allOf(
                redis.ssubscribe(channels.namespace(), onPayload).toCompletableFuture(),
                redis.ssubscribe(channels.responses(uid), onPayload).toCompletableFuture());
        addListener(new RoomChannels());
    }

    @Override
    public CompletionStage<Void> ready() {
        return ready;
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

    /** Publishes on the namespace channel: every message but a broadcast without ack (see {@link #broadcast}). */
    @Override
    void publish(ClusterMessage message) {
        redis.spublish(channels.namespace(), message.encode());
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

    // ---- what other servers send ----

    @Override
    ClusterMessage decode(byte[] payload) throws WireFormatException {
        return ClusterMessage.decode(payload);
    }

    @Override
    void applyBroadcast(Packet event, BroadcastOptions opts, String id) {
        super.broadcast(event, opts);
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
                        redis.ssubscribe(channels.room(room), onPayload);
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
}
