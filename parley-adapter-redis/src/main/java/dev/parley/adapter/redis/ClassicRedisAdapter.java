package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.Notepack;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AckTimeoutException;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.adapter.RequestTimeoutException;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a cluster over Redis, speaking {@code @socket.io/redis-adapter}'s classic protocol (8.x):
 * broadcasts published as msgpack {@code [uid, packet, opts]} on {@code key#nsp#} (or {@code key#nsp#room#}),
 * requests and responses on {@code key-request#nsp#} and {@code key-response#nsp#}, the server count by
 * {@code PUBSUB NUMSUB} of the request channel. The local part of every operation is the in-memory
 * adapter's.
 *
 * <p>What differs from Node, on purpose: socketsJoin/Leave and disconnectSockets act on this server at once
 * (Node waits for its own request to come back from Redis, so they do nothing here while Redis is away), and
 * this server ignores its own requests of those kinds.
 */
final class ClassicRedisAdapter extends InMemoryAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicRedisAdapter.class);

    private final PubSubTransport redis;
    private final RedisAdapterOptions options;
    private final ClassicChannelNames channels;
    private final String uid = RequestIds.next();
    private final SerialDelivery delivery;
    private final PendingRequests requests;
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final RemoteRequests incoming;
    private final CompletableFuture<Void> ready;

    ClassicRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            java.util.concurrent.Executor deliveryPool) {
        super(namespace);
        this.redis = redis;
        this.options = options;
        this.channels = new ClassicChannelNames(options.key(), namespace.name());
        this.delivery = new SerialDelivery(namespace.name(), deliveryPool, options.maxPendingDeliveries());
        this.requests = new PendingRequests(namespace::schedule);
        this.incoming = new RemoteRequests(this);
        CompletableFuture<Void> broadcasts = redis.psubscribe(channels.broadcastPattern(),
                (channel, message) -> delivery.execute(() -> onBroadcast(channel, message))).toCompletableFuture();
        CompletableFuture<Void> requestChannels = redis.subscribe(
                (channel, message) -> delivery.execute(() -> onRequestOrResponse(channel, message)),
                channels.request(), channels.response(), channels.specificResponse(uid)).toCompletableFuture();
        this.ready = CompletableFuture.allOf(broadcasts, requestChannels);
    }

    // ---- what the SPI asks ----

    @Override
    public CompletionStage<Void> ready() {
        return ready;
    }

    @Override
    public Duration requestsTimeout() {
        return options.requestsTimeout();
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return redis.numsub(channels.request()).handle((count, error) -> {
            if (error != null) {
                LOG.debug("Server count of {} unknown ({}): counting this server only", namespace().name(), error.toString());
                return 1;
            }
            return (int) Math.max(1, count);
        });
    }

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            byte[] message = Notepack.encode(List.of(uid, ClassicWire.packet(packet, namespace().name()), ClassicWire.options(opts, true)));
            redis.publish(channels.broadcast(opts.rooms()), message);
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        if (!opts.flags().local()) {
            String requestId = RequestIds.next();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("uid", uid);
            request.put("requestId", requestId);
            request.put("type", ClassicWire.BROADCAST);
            request.put("packet", ClassicWire.packet(packet, namespace().name()));
            request.put("opts", ClassicWire.options(opts, true));
            ackRequests.put(requestId, new AckRequest(clientCount, ack));
            // Node cannot know when every client answered either: the entry goes when the caller stops waiting.
            Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            namespace().schedule(timeout, () -> ackRequests.remove(requestId));
            redis.publish(channels.request(), Notepack.encode(request));
        }
        super.broadcastWithAck(packet, opts, clientCount, ack);
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
            Map<String, Object> request = request(ClassicWire.REMOTE_FETCH);
            request.put("opts", ClassicWire.options(opts, false));
            CompletableFuture<List<RemoteSocket>> answer = requests.start((String) request.get("requestId"),
                    servers - 1, options.requestsTimeout(),
                    answers -> withRemote(local, answers),
                    answers -> new RequestTimeoutException("timeout reached while waiting for fetchSockets response: "
                            + answers.size() + " of " + (servers - 1) + " servers answered", withRemote(local, answers)));
            redis.publish(channels.request(), WireValues.json(request));
            return answer;
        });
    }

    private List<RemoteSocket> withRemote(List<RemoteSocket> local, List<Map<String, Object>> answers) {
        List<RemoteSocket> all = new ArrayList<>(local);
        for (Map<String, Object> answer : answers) {
            if (answer.get("sockets") instanceof List<?> sockets) {
                for (Object socket : sockets) {
                    ClassicWire.remoteSocket(this, namespace().name(), socket).ifPresent(all::add);
                }
            }
        }
        return all;
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        Set<String> local = rooms();
        return serverCount().thenCompose(servers -> {
            if (servers <= 1) {
                return CompletableFuture.completedFuture(local);
            }
            Map<String, Object> request = request(ClassicWire.ALL_ROOMS);
            CompletableFuture<Set<String>> answer = requests.start((String) request.get("requestId"), servers - 1,
                    options.requestsTimeout(), answers -> roomsOf(local, answers),
                    answers -> new RequestTimeoutException("timeout reached while waiting for allRooms response",
                            List.copyOf(roomsOf(local, answers))));
            redis.publish(channels.request(), WireValues.json(request));
            return answer;
        });
    }

    private static Set<String> roomsOf(Set<String> local, List<Map<String, Object>> answers) {
        Set<String> all = new HashSet<>(local);
        for (Map<String, Object> answer : answers) {
            if (answer.get("rooms") instanceof List<?> rooms) {
                rooms.forEach(r -> all.add(ClassicWire.room(r)));
            }
        }
        return Set.copyOf(all);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
        if (!opts.flags().local()) {
            Map<String, Object> request = notice(ClassicWire.REMOTE_JOIN);
            request.put("opts", ClassicWire.options(opts, false));
            request.put("rooms", List.copyOf(rooms));
            redis.publish(channels.request(), WireValues.json(request));
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
        if (!opts.flags().local()) {
            Map<String, Object> request = notice(ClassicWire.REMOTE_LEAVE);
            request.put("opts", ClassicWire.options(opts, false));
            request.put("rooms", List.copyOf(rooms));
            redis.publish(channels.request(), WireValues.json(request));
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
        if (!opts.flags().local()) {
            Map<String, Object> request = notice(ClassicWire.REMOTE_DISCONNECT);
            request.put("opts", ClassicWire.options(opts, false));
            request.put("close", close);
            redis.publish(channels.request(), WireValues.json(request));
        }
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        Map<String, Object> request = notice(ClassicWire.SERVER_SIDE_EMIT);
        request.put("data", eventAndArgs);
        redis.publish(channels.request(), WireValues.json(request));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return serverCount().thenCompose(servers -> {
            int others = servers - 1;
            if (others <= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            Map<String, Object> request = request(ClassicWire.SERVER_SIDE_EMIT);
            request.put("data", eventAndArgs);
            CompletableFuture<List<Object>> answer = requests.start((String) request.get("requestId"), others,
                    options.requestsTimeout(), PendingAnswers::data,
                    answers -> new AckTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + others, PendingAnswers.data(answers)));
            redis.publish(channels.request(), WireValues.json(request));
            return answer;
        });
    }

    @Override
    public CompletionStage<Void> close() {
        requests.abandon(new IllegalStateException("the adapter of " + namespace().name() + " is closed"));
        return redis.unsubscribe(channels.broadcastPattern(), channels.request(), channels.response(),
                channels.specificResponse(uid));
    }

    // ---- what other servers send ----

    private void onBroadcast(String channel, byte[] message) {
        String room = channels.roomOf(channel);
        if (room == null || (!room.isEmpty() && !hasRoom(room))) {
            return; // another namespace's channel, or a room with no member here: not even decoded
        }
        ClassicWire.decodeBroadcast(message, uid, namespace().name())
                .ifPresent(b -> super.broadcast(b.packet(), b.options()));
    }

    private void onRequestOrResponse(String channel, byte[] message) {
        Map<String, Object> decoded = ClassicWire.decodeRequest(message);
        if (decoded == null) {
            return;
        }
        if (channel.startsWith(channels.response())) {
            onResponse(decoded);
        } else if (channel.equals(channels.request())) {
            incoming.handle(decoded);
        }
    }

    private void onResponse(Map<String, Object> response) {
        Object requestId = response.get("requestId");
        AckRequest ack = requestId == null ? null : ackRequests.get(String.valueOf(requestId));
        if (ack != null) {
            int type = ClassicWire.type(response);
            if (type == ClassicWire.BROADCAST_CLIENT_COUNT && response.get("clientCount") instanceof Number n) {
                ack.clientCount().accept(n.intValue());
            } else if (type == ClassicWire.BROADCAST_ACK) {
                ack.ack().accept(response.get("packet"));
            }
            return;
        }
        requests.answer(requestId == null ? null : String.valueOf(requestId), response);
    }

    // ---- for RemoteRequests: the local part, and answers ----

    String uid() {
        return uid;
    }

    boolean isOwnRequest(String requestId) {
        return requests.isOwn(requestId) || (requestId != null && ackRequests.containsKey(requestId));
    }

    void respond(Map<String, Object> request, byte[] response) {
        String channel = options.publishOnSpecificResponseChannel() && request.get("uid") != null
                ? channels.specificResponse(String.valueOf(request.get("uid"))) : channels.response();
        redis.publish(channel, response);
    }

    /** Where a server-side emit's answer goes: always the common response channel, as Node does. */
    void respondToServerSideEmit(byte[] response) {
        redis.publish(channels.response(), response);
    }

    void localBroadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        super.broadcastWithAck(packet, opts, clientCount, ack);
    }

    void localAddSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
    }

    void localDelSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
    }

    void localDisconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
    }

    List<RemoteSocket> localFetch(BroadcastOptions opts) {
        return super.fetchSockets(opts).toCompletableFuture().join();
    }

    AdapterNamespace local() {
        return namespace();
    }

    /** Messages dropped because this namespace could not keep up with the cluster. */
    long droppedDeliveries() {
        return delivery.dropped();
    }

    private Map<String, Object> request(int type) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", uid);
        request.put("requestId", RequestIds.next());
        request.put("type", type);
        return request;
    }

    private Map<String, Object> notice(int type) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", uid);
        request.put("type", type);
        return request;
    }

    private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {
    }

    /** The {@code data} of each server-side emit answer. */
    private static final class PendingAnswers {
        static List<Object> data(List<Map<String, Object>> answers) {
            List<Object> data = new ArrayList<>(answers.size());
            answers.forEach(a -> data.add(a.get("data")));
            return java.util.Collections.unmodifiableList(data);
        }
    }
}
