package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.BroadcastMessage;
import dev.parley.adapter.redis.wire.ClassicChannels;
import dev.parley.adapter.redis.wire.RemoteSocketDetail;
import dev.parley.adapter.redis.wire.Request;
import dev.parley.adapter.redis.wire.RequestType;
import dev.parley.adapter.redis.wire.Response;
import dev.parley.adapter.redis.wire.WireFormatException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
    private final ClassicChannels channels;
    private final String uid = RequestIds.next();
    private final SerialDelivery delivery;
    private final PendingRequests<Response> requests;
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final RemoteRequests incoming;
    private final CompletableFuture<Void> ready;
    private final java.util.concurrent.Executor userThreads;
    /** Set by close: messages from other servers still in the delivery queue are then ignored. */
    private volatile boolean closed;

    ClassicRedisAdapter(AdapterNamespace namespace, PubSubTransport redis, RedisAdapterOptions options,
            java.util.concurrent.Executor deliveryPool) {
        super(namespace);
        this.redis = redis;
        this.options = options;
        this.channels = new ClassicChannels(options.key(), namespace.name());
        this.delivery = new SerialDelivery(namespace.name(), deliveryPool, options.maxPendingDeliveries());
        this.userThreads = deliveryPool;
        // A request that times out settles on a delivery thread: the server's timer thread runs no user code.
        this.requests = new PendingRequests<>((delay, task) -> namespace.schedule(delay, () -> deliveryPool.execute(task)));
        this.incoming = new RemoteRequests(this);
        CompletableFuture<Void> broadcasts = redis.psubscribe(channels.pattern(),
                (channel, message) -> delivery.execute(() -> onBroadcast(channel, message))).toCompletableFuture();
        CompletableFuture<Void> requestChannels = redis.subscribe(
                (channel, message) -> delivery.execute(() -> onRequestOrResponse(channel, message)),
                channels.request(), channels.response(), channels.response(uid)).toCompletableFuture();
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

    /**
     * {@code PUBSUB NUMSUB} of the request channel, or 1 (this server) if Redis cannot answer within the
     * requests timeout: a hung Redis would otherwise hold every cluster request for the command timeout.
     */
    @Override
    public CompletionStage<Integer> serverCount() {
        // Bounded by the requests timeout (a hung Redis must not hold requests for Lettuce's command
        // timeout); async: what the caller chains runs on a delivery thread, not on Lettuce's I/O thread.
        return redis.numsub(channels.request()).toCompletableFuture()
                .orTimeout(options.requestsTimeout().toMillis(), TimeUnit.MILLISECONDS).handleAsync((count, error) -> {
            if (error != null) {
                LOG.debug("Server count of {} unknown ({}): counting this server only", namespace().name(), error.toString());
                return 1;
            }
            return (int) Math.max(1, count);
        }, userThreads);
    }

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            byte[] message = new BroadcastMessage(uid, ClassicWire.packet(packet, namespace().name()),
                    ClassicWire.broadcastOptions(opts)).encode();
            redis.publish(channels.broadcastTo(opts.rooms()), message);
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        if (!opts.flags().local()) {
            String requestId = RequestIds.next();
            Request request = Request.broadcast(uid, requestId, ClassicWire.packet(packet, namespace().name()),
                    ClassicWire.broadcastOptions(opts));
            ackRequests.put(requestId, new AckRequest(clientCount, ack));
            // Node cannot know when every client answered either: the entry goes when the caller stops waiting.
            Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            namespace().schedule(timeout, () -> ackRequests.remove(requestId));
            redis.publish(channels.request(), request.encode());
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
            Request request = Request.remoteFetch(uid, RequestIds.next(), ClassicWire.requestOptions(opts));
            CompletableFuture<List<RemoteSocket>> answer = requests.start(request.requestId(),
                    servers - 1, options.requestsTimeout(),
                    answers -> withRemote(local, answers),
                    answers -> new RequestTimeoutException("timeout reached while waiting for fetchSockets response: "
                            + answers.size() + " of " + (servers - 1) + " servers answered", withRemote(local, answers)));
            redis.publish(channels.request(), request.encode());
            return answer;
        });
    }

    private List<RemoteSocket> withRemote(List<RemoteSocket> local, List<Response> answers) {
        List<RemoteSocket> all = new ArrayList<>(local);
        for (Response answer : answers) {
            try {
                for (RemoteSocketDetail socket : answer.fetchedSockets()) {
                    all.add(ClassicWire.remote(this, namespace().name(), socket));
                }
            } catch (WireFormatException e) {
                LOG.debug("Ignoring a malformed fetchSockets answer: {}", e.toString());
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
            Request request = Request.allRooms(uid, RequestIds.next());
            CompletableFuture<Set<String>> answer = requests.start(request.requestId(), servers - 1,
                    options.requestsTimeout(), answers -> roomsOf(local, answers),
                    answers -> new RequestTimeoutException("timeout reached while waiting for allRooms response",
                            List.copyOf(roomsOf(local, answers))));
            redis.publish(channels.request(), request.encode());
            return answer;
        });
    }

    private static Set<String> roomsOf(Set<String> local, List<Response> answers) {
        Set<String> all = new HashSet<>(local);
        for (Response answer : answers) {
            try {
                all.addAll(answer.rooms());
            } catch (WireFormatException e) {
                LOG.debug("Ignoring a malformed allRooms answer: {}", e.toString());
            }
        }
        return Set.copyOf(all);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
        if (!opts.flags().local()) {
            redis.publish(channels.request(),
                    Request.remoteJoin(uid, ClassicWire.requestOptions(opts), List.copyOf(rooms)).encode());
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
        if (!opts.flags().local()) {
            redis.publish(channels.request(),
                    Request.remoteLeave(uid, ClassicWire.requestOptions(opts), List.copyOf(rooms)).encode());
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
        if (!opts.flags().local()) {
            redis.publish(channels.request(),
                    Request.remoteDisconnect(uid, ClassicWire.requestOptions(opts), close).encode());
        }
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        redis.publish(channels.request(), Request.serverSideEmit(uid, null, plainList(eventAndArgs)).encode());
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return serverCount().thenCompose(servers -> {
            int others = servers - 1;
            if (others <= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            Request request = Request.serverSideEmit(uid, RequestIds.next(), plainList(eventAndArgs));
            CompletableFuture<List<Object>> answer = requests.start(request.requestId(), others,
                    options.requestsTimeout(), PendingAnswers::data,
                    answers -> new AckTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + others, PendingAnswers.data(answers)));
            redis.publish(channels.request(), request.encode());
            return answer;
        });
    }

    @Override
    public CompletionStage<Void> close() {
        closed = true;
        requests.abandon(new IllegalStateException("the adapter of " + namespace().name() + " is closed"));
        return redis.unsubscribe(channels.pattern(), channels.request(), channels.response(), channels.response(uid));
    }

    // ---- what other servers send ----

    private void onBroadcast(String channel, byte[] message) {
        if (closed) {
            return;
        }
        Optional<String> room = channels.roomOf(channel);
        if (room.isEmpty() || (!room.get().isEmpty() && !hasRoom(room.get()))) {
            return; // another namespace's channel, or a room with no member here: not even decoded
        }
        BroadcastMessage broadcast;
        try {
            broadcast = BroadcastMessage.decode(message);
        } catch (WireFormatException e) {
            LOG.debug("Ignoring a malformed broadcast on {}: {}", channel, e.toString());
            return;
        }
        if (uid.equals(broadcast.uid()) || !namespace().name().equals(broadcast.packet().nsp())) {
            return;
        }
        ClassicWire.event(broadcast.packet(), namespace().name())
                .ifPresent(packet -> super.broadcast(packet, ClassicWire.options(broadcast.opts())));
    }

    private void onRequestOrResponse(String channel, byte[] message) {
        if (closed) {
            return; // a closing server answers nothing: its sockets are gone, its connections going
        }
        try {
            if (channel.startsWith(channels.response())) {
                onResponse(Response.decode(message));
            } else if (channel.equals(channels.request())) {
                incoming.handle(Request.decode(message));
            }
        } catch (WireFormatException e) {
            // Unknown types included: a newer protocol version may add some, and Node ignores them too.
            LOG.debug("Ignoring a message on {}: {}", channel, e.toString());
        }
    }

    private void onResponse(Response response) {
        String requestId = response.requestId();
        AckRequest ack = requestId == null ? null : ackRequests.get(requestId);
        if (ack != null) {
            if (response.type() == RequestType.BROADCAST_CLIENT_COUNT && response.clientCount() != null) {
                ack.clientCount().accept(response.clientCount());
            } else if (response.type() == RequestType.BROADCAST_ACK) {
                ack.ack().accept(response.ackArgument());
            }
            return;
        }
        requests.answer(requestId, response);
    }

    // ---- for RemoteRequests: the local part, and answers ----

    String uid() {
        return uid;
    }

    boolean isOwnRequest(String requestId) {
        return requests.isOwn(requestId) || (requestId != null && ackRequests.containsKey(requestId));
    }

    void respond(Request request, Response response) {
        String channel = options.publishOnSpecificResponseChannel() && request.uid() != null
                ? channels.response(request.uid()) : channels.response();
        redis.publish(channel, response.encode());
    }

    /** Where a server-side emit's answer goes: always the common response channel, as Node does. */
    void respondToServerSideEmit(Response response) {
        redis.publish(channels.response(), response.encode());
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

    @SuppressWarnings("unchecked")
    private static List<Object> plainList(List<Object> values) {
        return (List<Object>) WireValues.plain(values);
    }

    private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {
    }

    /** The {@code data} of each server-side emit answer (null for an answer without argument). */
    private static final class PendingAnswers {
        static List<Object> data(List<Response> answers) {
            List<Object> data = new ArrayList<>(answers.size());
            answers.forEach(a -> data.add(a.data()));
            return java.util.Collections.unmodifiableList(data);
        }
    }
}
