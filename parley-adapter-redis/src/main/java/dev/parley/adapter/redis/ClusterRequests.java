package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.RemoteSocketDetail;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AckTimeoutException;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.RequestTimeoutException;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of socket.io-adapter's {@code ClusterAdapter} message model, for one namespace of a cluster adapter
 * (sharded pub/sub or streams): what waits for the other servers' answers ({@code fetchSockets},
 * {@code serverSideEmitWithAck}, broadcasts with acks) and the server count it waits on, the answers this server
 * gives to theirs, and the answers it receives. The adapter brings how messages travel ({@link Wire}) and its
 * local part ({@link Local}, the in-memory adapter's methods); the cluster part of every request is here.
 *
 * <p>Thread-safe. Answers and timeouts complete on the delivery pool, never on a Redis I/O thread.
 */
final class ClusterRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRequests.class);

    /**
     * How this namespace's messages travel: requests to every server, responses to the one that asked, and how
     * many servers listen on the namespace's channel ({@code PUBSUB NUMSUB} or {@code SHARDNUMSUB}): the server count.
     */
    record Wire(Consumer<ClusterMessage> publish, BiConsumer<String, ClusterMessage> respond,
            Supplier<CompletionStage<Long>> subscribers) {
    }

    /** The adapter's local part: what the in-memory adapter does with a request on this server. */
    interface Local {
        List<RemoteSocket> fetchSockets(BroadcastOptions opts);

        void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack);
    }

    private final Adapter adapter;
    private final AdapterNamespace namespace;
    private final String uid;
    private final Duration requestsTimeout;
    private final Wire wire;
    private final Local local;
    private final Executor userThreads;
    private final PendingRequests<ClusterMessage> requests;
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();

    /** @param adapter the adapter the remote sockets of {@code fetchSockets} act through; {@code uid} its uid */
    ClusterRequests(Adapter adapter, AdapterNamespace namespace, String uid, Duration requestsTimeout,
            Executor deliveryPool, Wire wire, Local local) {
        this.adapter = adapter;
        this.namespace = namespace;
        this.uid = uid;
        this.requestsTimeout = requestsTimeout;
        this.wire = wire;
        this.local = local;
        this.userThreads = deliveryPool;
        this.requests = new PendingRequests<>((delay, task) -> namespace.schedule(delay, () -> deliveryPool.execute(task)));
    }

    /** The subscribers of the namespace's channel, or 1 if Redis cannot answer within the requests timeout. */
    CompletionStage<Integer> serverCount() {
        return wire.subscribers().get().toCompletableFuture()
                .orTimeout(requestsTimeout.toMillis(), TimeUnit.MILLISECONDS).handleAsync((count, error) -> {
            if (error != null) {
                LOG.debug("Server count of {} unknown ({}): counting this server only", namespace.name(), error.toString());
                return 1;
            }
            return (int) Math.max(1, count);
        }, userThreads);
    }

    // ---- what this server asks ----

    /** The cluster part of a broadcast with acks: the other servers' client counts and acks go to these consumers. */
    void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
        String requestId = ClusterIds.next();
        ackRequests.put(requestId, new AckRequest(clientCount, ack));
        // As Node: nobody can know when every client answered; the entry goes when the caller stops waiting.
        Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : requestsTimeout;
        namespace.schedule(timeout, () -> ackRequests.remove(requestId));
        wire.publish().accept(ClusterMessage.broadcastWithAck(uid, namespace.name(), ClassicWire.eventOf(packet), requestId,
                ClassicWire.broadcastOptions(opts)));
    }

    /** This server's sockets and those of every other server; past the requests timeout, what arrived. */
    CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions opts, List<RemoteSocket> here) {
        return serverCount().thenCompose(servers -> {
            if (servers <= 1) {
                return CompletableFuture.completedFuture(here);
            }
            String requestId = ClusterIds.next();
            CompletableFuture<List<RemoteSocket>> answer = requests.start(requestId, servers - 1,
                    requestsTimeout, answers -> withRemote(here, answers),
                    answers -> new RequestTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + (servers - 1), withRemote(here, answers)));
            wire.publish().accept(ClusterMessage.fetchSockets(uid, namespace.name(), ClassicWire.clusterSelection(opts), requestId));
            return answer;
        });
    }

    private List<RemoteSocket> withRemote(List<RemoteSocket> here, List<ClusterMessage> answers) {
        List<RemoteSocket> all = new ArrayList<>(here);
        for (ClusterMessage answer : answers) {
            try {
                for (RemoteSocketDetail socket : answer.sockets()) {
                    all.add(ClassicWire.remote(adapter, namespace.name(), socket));
                }
            } catch (WireFormatException e) {
                LOG.debug("Ignoring a malformed fetchSockets answer: {}", e.toString());
            }
        }
        return all;
    }

    void serverSideEmit(List<Object> eventAndArgs) {
        wire.publish().accept(ClusterMessage.serverSideEmit(uid, namespace.name(), null, ClassicWire.plainList(eventAndArgs)));
    }

    /** One answer per other server; past the requests timeout, an {@link AckTimeoutException} with what arrived. */
    CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return serverCount().thenCompose(servers -> {
            int others = servers - 1;
            if (others <= 0) {
                return CompletableFuture.completedFuture(List.of());
            }
            String requestId = ClusterIds.next();
            CompletableFuture<List<Object>> answer = requests.start(requestId, others, requestsTimeout,
                    ClusterRequests::answers,
                    answers -> new AckTimeoutException("timeout reached: only " + answers.size()
                            + " responses received out of " + others, answers(answers)));
            wire.publish().accept(ClusterMessage.serverSideEmit(uid, namespace.name(), requestId,
                    ClassicWire.plainList(eventAndArgs)));
            return answer;
        });
    }

    private static List<Object> answers(List<ClusterMessage> answers) {
        List<Object> data = new ArrayList<>(answers.size());
        answers.forEach(a -> data.add(a.answer()));
        return Collections.unmodifiableList(data);
    }

    /** Fails every request still waiting (the adapter is closing). */
    void abandon() {
        requests.abandon(new IllegalStateException("the adapter of " + namespace.name() + " is closed"));
    }

    // ---- what other servers ask ----

    /** Answers a FETCH_SOCKETS with this server's sockets that match. */
    void onFetchSockets(ClusterMessage request) throws WireFormatException {
        List<RemoteSocketDetail> sockets = new ArrayList<>();
        for (RemoteSocket socket : local.fetchSockets(ClassicWire.selection(request.opts()))) {
            sockets.add(ClassicWire.detail(socket));
        }
        wire.respond().accept(request.uid(), ClusterMessage.fetchSocketsResponse(uid, namespace.name(), request.requestId(), sockets));
    }

    /** Delivers another server's broadcast with acks here, answering with the client count and each ack. */
    void onBroadcastWithAck(ClusterMessage request, Packet event) throws WireFormatException {
        String nsp = namespace.name();
        String requestId = request.requestId();
        // Each server gives the packet an ack id of its own, as Node's in-memory adapter does.
        @SuppressWarnings("unchecked")
        Packet withId = Packet.event(nsp, (List<Object>) event.data(), namespace.nextAckId());
        String requester = request.uid();
        local.broadcastWithAck(withId, ClassicWire.options(request.opts()),
                count -> wire.respond().accept(requester, ClusterMessage.broadcastClientCount(uid, nsp, requestId, count)),
                ack -> wire.respond().accept(requester, ClusterMessage.broadcastAck(uid, nsp, requestId, WireValues.plain(ack))));
    }

    /** Hands a SERVER_SIDE_EMIT to the handlers; with a request id, the first answer goes back to the requester. */
    void onServerSideEmit(ClusterMessage request) throws WireFormatException {
        String requestId = request.requestId();
        List<Object> data = request.serverSideEmitData();
        if (requestId == null) {
            namespace.receiveServerSideEmit(data, null);
            return;
        }
        String requester = request.uid();
        AtomicBoolean answered = new AtomicBoolean();
        namespace.receiveServerSideEmit(data, value -> {
            if (answered.compareAndSet(false, true)) { // only one argument is expected, as in Node
                wire.respond().accept(requester, ClusterMessage.serverSideEmitResponse(uid, namespace.name(), requestId,
                        WireValues.plain(value)));
            }
        });
    }

    // ---- answers to this server ----

    void onResponse(ClusterMessage response) {
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

    private record AckRequest(IntConsumer clientCount, Consumer<Object> ack) {
    }
}
