package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.ClusterMessageType;
import dev.parley.adapter.redis.wire.RemoteSocketDetail;
import dev.parley.adapter.redis.wire.ShardedChannels;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AckTimeoutException;
import dev.parley.socketio.adapter.AdapterListener;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.adapter.RequestTimeoutException;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final PendingRequests<ClusterMessage> requests;
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    /** Rooms whose channel this server subscribed to; guarded by itself (create and delete may race). */
    private final Set<String> roomChannels = new HashSet<>();
    private final BiConsumer<String, byte[]> onMessage;
    private final CompletableFuture<Void> ready;
    private final Executor userThreads;
    private volatile boolean closed;

    ShardedRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            Executor deliveryPool) {
        super(namespace);
        this.redis = redis;
        this.options = options;
        this.channels = new ShardedChannels(options.key(), namespace.name(), options.subscriptionMode());
        this.delivery = new SerialDelivery(namespace.name(), deliveryPool, options.maxPendingDeliveries());
        this.userThreads = deliveryPool;
        this.requests = new PendingRequests<>((delay, task) -> namespace.schedule(delay, () -> deliveryPool.execute(task)));
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
        return redis.shardNumsub(channels.namespace()).toCompletableFuture()
                .orTimeout(options.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS).handleAsync((count, error) -> {
            if (error != null) {
                LOG.debug("Server count of {} unknown ({}): counting this server only", namespace().name(), error.toString());
                return 1;
            }
            return (int) Math.max(1, count);
        }, userThreads);
    }

    // ---- what this server sends ----

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            // The one message that may go to a room's channel (dynamic modes).
            redis.spublish(channels.channelOf(ClusterMessageType.BROADCAST, null, List.copyOf(opts.rooms())),
                    ClusterMessage.broadcast(uid, namespace().name(), eventOf(packet), ClassicWire.broadcastOptions(opts))
                            .encode());
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        if (!opts.flags().local()) {
            String requestId = ClusterIds.next();
            ackRequests.put(requestId, new AckRequest(clientCount, ack));
            // As Node: nobody can know when every client answered; the entry goes when the caller stops waiting.
            Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            namespace().schedule(timeout, () -> ackRequests.remove(requestId));
            publish(ClusterMessage.broadcastWithAck(uid, namespace().name(), eventOf(packet), requestId,
                    ClassicWire.broadcastOptions(opts)));
        }
        super.broadcastWithAck(packet, opts, clientCount, ack);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.socketsJoin(uid, namespace().name(), selection(opts), List.copyOf(rooms)));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.socketsLeave(uid, namespace().name(), selection(opts), List.copyOf(rooms)));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish(ClusterMessage.disconnectSockets(uid, namespace().name(), selection(opts), close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).toCompletableFuture().join();
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return serverCount().thenCompose(servers -> {
            if (servers <= 1) {
                return CompletableFuture.completedFuture(local);
            }
            String requestId = ClusterIds.next();
            CompletableFuture<List<RemoteSocket>> answer = requests.start(requestId, servers - 1,
                    options.requestsTimeout(), answers -> withRemote(local, answers),
                    answers -> new RequestTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + (servers - 1), withRemote(local, answers)));
            publish(ClusterMessage.fetchSockets(uid, namespace().name(), selection(opts), requestId));
            return answer;
        });
    }

    private List<RemoteSocket> withRemote(List<RemoteSocket> local, List<ClusterMessage> answers) {
        List<RemoteSocket> all = new ArrayList<>(local);
        for (ClusterMessage answer : answers) {
            try {
                for (RemoteSocketDetail socket : answer.sockets()) {
                    all.add(ClassicWire.remote(this, namespace().name(), socket));
                }
            } catch (WireFormatException e) {
                LOG.debug("Ignoring a malformed fetchSockets answer: {}", e.toString());
            }
        }
        return all;
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        publish(ClusterMessage.serverSideEmit(uid, namespace().name(), null, plainList(eventAndArgs)));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return serverCount().thenCompose(servers -> {
            int others = servers - 1;
            if (others <= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            String requestId = ClusterIds.next();
            CompletableFuture<List<Object>> answer = requests.start(requestId, others, options.requestsTimeout(),
                    ShardedRedisAdapter::answers,
                    answers -> new AckTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + others, answers(answers)));
            publish(ClusterMessage.serverSideEmit(uid, namespace().name(), requestId, plainList(eventAndArgs)));
            return answer;
        });
    }

    private static List<Object> answers(List<ClusterMessage> answers) {
        List<Object> data = new ArrayList<>(answers.size());
        answers.forEach(a -> data.add(a.answer()));
        return Collections.unmodifiableList(data);
    }

    @Override
    public CompletionStage<Void> close() {
        closed = true;
        requests.abandon(new IllegalStateException("the adapter of " + namespace().name() + " is closed"));
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

    private void respond(String requesterUid, ClusterMessage response) {
        redis.spublish(channels.responses(requesterUid), response.encode());
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
                onResponse(message);
            } else {
                onRequest(message);
            }
        } catch (WireFormatException e) {
            LOG.debug("Ignoring a malformed message on {}: {}", channel, e.toString());
        }
    }

    private void onRequest(ClusterMessage message) throws WireFormatException {
        String nsp = namespace().name();
        switch (message.type()) {
            case BROADCAST -> onBroadcast(message);
            case SOCKETS_JOIN -> super.addSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case SOCKETS_LEAVE -> super.delSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(ClassicWire.selection(message.opts()), message.close());
            case FETCH_SOCKETS -> {
                List<RemoteSocketDetail> sockets = new ArrayList<>();
                for (RemoteSocket socket : super.fetchSockets(ClassicWire.selection(message.opts()))
                        .toCompletableFuture().join()) {
                    sockets.add(ClassicWire.detail(socket));
                }
                respond(message.uid(), ClusterMessage.fetchSocketsResponse(uid, nsp, message.requestId(), sockets));
            }
            case SERVER_SIDE_EMIT -> onServerSideEmit(message);
            default -> {
                // Heartbeats and ADAPTER_CLOSE belong to ClusterAdapterWithHeartbeat: nothing to do here.
            }
        }
    }

    private void onBroadcast(ClusterMessage message) throws WireFormatException {
        String nsp = namespace().name();
        String requestId = message.requestId();
        dev.parley.adapter.redis.wire.Packet wirePacket = new dev.parley.adapter.redis.wire.Packet(
                message.packetType(), message.packetData(), null, nsp);
        Optional<Packet> event = ClassicWire.event(wirePacket, nsp);
        if (event.isEmpty()) {
            return;
        }
        if (requestId == null) {
            super.broadcast(event.get(), ClassicWire.options(message.opts()));
            return;
        }
        // Each server gives the packet an ack id of its own, as Node's in-memory adapter does.
        @SuppressWarnings("unchecked")
        Packet withId = Packet.event(nsp, (List<Object>) event.get().data(), namespace().nextAckId());
        String requester = message.uid();
        super.broadcastWithAck(withId, ClassicWire.options(message.opts()),
                count -> respond(requester, ClusterMessage.broadcastClientCount(uid, nsp, requestId, count)),
                ack -> respond(requester, ClusterMessage.broadcastAck(uid, nsp, requestId, WireValues.plain(ack))));
    }

    private void onServerSideEmit(ClusterMessage message) throws WireFormatException {
        String requestId = message.requestId();
        List<Object> data = message.serverSideEmitData();
        if (requestId == null) {
            namespace().receiveServerSideEmit(data, null);
            return;
        }
        String requester = message.uid();
        AtomicBoolean answered = new AtomicBoolean();
        namespace().receiveServerSideEmit(data, value -> {
            if (answered.compareAndSet(false, true)) { // only one argument is expected, as in Node
                respond(requester, ClusterMessage.serverSideEmitResponse(uid, namespace().name(), requestId,
                        WireValues.plain(value)));
            }
        });
    }

    private void onResponse(ClusterMessage response) {
        String requestId = response.requestId();
        AckRequest ack = requestId == null ? null : ackRequests.get(requestId);
        switch (response.type()) {
            case BROADCAST_CLIENT_COUNT -> {
                if (ack != null && response.clientCount() != null) {
                    ack.clientCount().accept(response.clientCount());
                }
            }
            case BROADCAST_ACK -> {
                if (ack != null) {
                    ack.ack().accept(response.answer());
                }
            }
            default -> requests.answer(requestId, response);
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

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static List<Object> eventOf(Packet packet) {
        return (List<Object>) WireValues.plain(packet.data());
    }

    /** Rooms and except of a request, with no flags ({@code "flags":{}}, as Node writes the operator's empty flags). */
    private static dev.parley.adapter.redis.wire.BroadcastOptions selection(BroadcastOptions opts) {
        return dev.parley.adapter.redis.wire.BroadcastOptions.of(List.copyOf(opts.rooms()), List.copyOf(opts.except()),
                dev.parley.adapter.redis.wire.BroadcastFlags.NONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> plainList(List<Object> values) {
        return (List<Object>) WireValues.plain(values);
    }

    /** Messages dropped because this namespace could not keep up with the cluster. */
    long droppedDeliveries() {
        return delivery.dropped();
    }

    private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {
    }
}
