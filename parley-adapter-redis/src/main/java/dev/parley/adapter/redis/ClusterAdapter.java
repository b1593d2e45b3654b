package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of a cluster on socket.io-adapter's {@code ClusterAdapter} message model, whatever carries the
 * messages: what this server sends (the local part at once, as Node's {@code ClusterAdapter} does, then the
 * message), the requests that wait for the other servers ({@link ClusterRequests}), and what to do with a message
 * from another server. A subclass brings the transport: how a broadcast and the other ordered messages
 * (socketsJoin/Leave, disconnectSockets) travel ({@link #broadcast}, {@link #publish}), how a pub/sub payload
 * decodes ({@link #decode}), and what a broadcast from another server does here ({@link #applyBroadcast}).
 *
 * <p>Messages from other servers are applied in order per namespace on a delivery thread; a server ignores its
 * own. Thread-safe.
 */
abstract class ClusterAdapter extends InMemoryAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAdapter.class);

    /** This server's id in the namespace's messages (16 hex characters). */
    final String uid = ClusterIds.next();
    final RedisAdapterOptions options;
    final SerialDelivery delivery;
    final ClusterRequests requests;
    /** Set by close: messages from other servers still in the delivery queue are then ignored. */
    volatile boolean closed;

    /**
     * @param keepRecoveryLog as {@link InMemoryAdapter#InMemoryAdapter(AdapterNamespace, boolean)}
     * @param wire            how requests, responses and the server count travel (used after construction only)
     */
    ClusterAdapter(AdapterNamespace namespace, boolean keepRecoveryLog, RedisAdapterOptions options,
            Executor deliveryPool, ClusterRequests.Wire wire) {
        super(namespace, keepRecoveryLog);
        this.options = options;
        this.delivery = new SerialDelivery(namespace.name(), deliveryPool, options.maxPendingDeliveries());
        this.requests = new ClusterRequests(this, namespace, uid, options.requestsTimeout(), deliveryPool, wire,
                new LocalPart());
    }

    /** Sends a message every server applies in order: socketsJoin, socketsLeave, disconnectSockets. */
    abstract void publish(ClusterMessage message);

    /** Decodes a payload that arrived over pub/sub (requests and responses). */
    abstract ClusterMessage decode(byte[] payload) throws WireFormatException;

    /**
     * Applies another server's broadcast without ack to this server's sockets.
     *
     * @param id its stream id, or null when it did not come from a stream
     */
    abstract void applyBroadcast(Packet event, BroadcastOptions opts, String id);

    @Override
    public Duration requestsTimeout() {
        return options.requestsTimeout();
    }

    /** Subscribers of the namespace's channel, or 1 if Redis cannot answer within the requests timeout. */
    @Override
    public CompletionStage<Integer> serverCount() {
        return requests.serverCount();
    }

    // ---- what this server sends ----

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

    // ---- what other servers send ----

    /** A pub/sub payload (on the delivery thread): a request or a response, unless it is this server's own. */
    final void onPubSubPayload(String channel, byte[] payload) {
        if (closed) {
            return;
        }
        ClusterMessage message;
        try {
            message = decode(payload);
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
                onMessage(message, null);
            }
        } catch (WireFormatException e) {
            LOG.debug("Ignoring a malformed message on {}: {}", channel, e.toString());
        }
    }

    /**
     * Applies a message of another server.
     *
     * @param id its stream id, or null when it came over pub/sub
     */
    final void onMessage(ClusterMessage message, String id) throws WireFormatException {
        switch (message.type()) {
            case BROADCAST -> onBroadcast(message, id);
            case SOCKETS_JOIN -> super.addSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case SOCKETS_LEAVE -> super.delSockets(ClassicWire.selection(message.opts()), Set.copyOf(message.rooms()));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(ClassicWire.selection(message.opts()), message.close());
            case FETCH_SOCKETS -> requests.onFetchSockets(message);
            case SERVER_SIDE_EMIT -> requests.onServerSideEmit(message);
            default -> {
                // Heartbeats and ADAPTER_CLOSE belong to ClusterAdapterWithHeartbeat, which neither protocol uses.
            }
        }
    }

    private void onBroadcast(ClusterMessage message, String id) throws WireFormatException {
        Optional<Packet> event = ClassicWire.event(message);
        if (event.isEmpty()) {
            return;
        }
        if (message.requestId() != null) {
            requests.onBroadcastWithAck(message, event.get());
        } else {
            applyBroadcast(event.get(), ClassicWire.options(message.opts()), id);
        }
    }

    /** Messages dropped because this namespace could not keep up with the cluster. */
    final long droppedDeliveries() {
        return delivery.dropped();
    }

    /** The in-memory adapter's part of a request from another server (this adapter overrides both methods). */
    private final class LocalPart implements ClusterRequests.Local {
        @Override
        public List<RemoteSocket> fetchSockets(BroadcastOptions opts) {
            return ClusterAdapter.super.fetchSockets(opts).toCompletableFuture().join();
        }

        @Override
        public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Object> ack) {
            ClusterAdapter.super.broadcastWithAck(packet, opts, clientCount, ack);
        }
    }
}
