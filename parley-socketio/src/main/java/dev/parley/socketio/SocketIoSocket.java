package dev.parley.socketio;

import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.OutgoingPacket;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import dev.parley.websocket.HandshakeRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connection to one namespace (socket.io's server-side {@code Socket}).
 *
 * <p>Thread contract: handlers of one socket (events, acks, disconnect) run one at a time, in order, off
 * the network event loops; they may block, but then that client's later packets wait. Every other method
 * may be called from any thread.
 */
public final class SocketIoSocket implements RemoteSocket {
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoSocket.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    // Reasons after which the client may come back and recover (socket.io's RECOVERABLE_DISCONNECT_REASONS).
    private static final Set<DisconnectReason> RECOVERABLE = java.util.EnumSet.of(DisconnectReason.TRANSPORT_ERROR,
            DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.FORCED_CLOSE, DisconnectReason.PING_TIMEOUT,
            DisconnectReason.SERVER_SHUTTING_DOWN);

    private final Namespace namespace;
    private final Client client;
    private final String id;
    private final Handshake handshake;
    // Created on first use (data, pending acks) and updaters instead of Atomic* objects: an idle server holds
    // one socket per client, and most never set data or await an ack.
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<SocketIoSocket> CLOSED =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(SocketIoSocket.class, "closed");
    private volatile Map<String, Object> data;
    // Replaced whole under the gate: handlers are registered once per socket and read on every event (see
    // EventHandlerTable for why a flat array rather than a map of lists).
    private volatile Object[] handlers = EventHandlerTable.EMPTY;
    // Immutable lists replaced on change (most sockets never register most of these): an empty one is the
    // shared List.of(), so an idle socket pays nothing for them.
    private volatile List<AnyListener> anyListeners = List.of();
    private volatile List<AnyListener> anyOutgoingListeners = List.of();
    private volatile List<PacketMiddleware> middlewares = List.of();
    private volatile List<Consumer<DisconnectReason>> disconnectingHandlers = List.of();
    private volatile List<Consumer<DisconnectReason>> disconnectHandlers = List.of();
    private volatile List<Consumer<Exception>> errorHandlers = List.of();
    private volatile Map<Long, PendingAck> pendingAcks;
    private final String pid;
    private final Object gate = new Object();
    private List<Packet> early = new ArrayList<>();
    private final boolean recovered;
    // What recovery restored, until onConnect has rejoined its rooms and replayed its missed packets: then
    // dropped, so that a recovered socket does not keep its own reference to broadcasts the log let go.
    private SessionState restored;
    private volatile boolean connected;
    private volatile int closed;

    SocketIoSocket(Namespace namespace, Client client, Map<String, Object> auth, SessionState restored) {
        this.namespace = namespace;
        this.client = client;
        this.restored = restored;
        this.recovered = restored != null;
        this.id = restored != null ? restored.id() : randomId();
        boolean recovery = namespace.server().config().recoveryEnabled();
        this.pid = !recovery ? null : restored != null ? restored.pid() : randomId();
        if (restored != null) {
            data().putAll(restored.data());
        }
        HandshakeRequest request = client.connection().request();
        this.handshake = new Handshake(request, Instant.now(),
                auth.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auth)));
    }

    private static String randomId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Map<String, Object> data() {
        Map<String, Object> map = data;
        if (map == null) {
            synchronized (gate) {
                map = data;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    data = map;
                }
            }
        }
        return map;
    }

    private Map<Long, PendingAck> pendingAcks() {
        Map<Long, PendingAck> map = pendingAcks;
        if (map == null) {
            synchronized (gate) {
                map = pendingAcks;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    pendingAcks = map;
                }
            }
        }
        return map;
    }

    public Namespace namespace() {
        return namespace;
    }

    /** Whether it is connected to its namespace. */
    public boolean connected() {
        return connected;
    }

    /** Whether its id, rooms, data and missed broadcasts were restored by connection state recovery. */
    public boolean recovered() {
        return recovered;
    }

    /**
     * The id of its Engine.IO connection (socket.io's {@code socket.conn.id}), which its sockets in other
     * namespaces share.
     */
    public String connectionId() {
        return client.connection().id();
    }

    /** The transport of its connection: {@code polling} or {@code websocket}. */
    public String transport() {
        return client.connection().transport();
    }

    @Override
    public Set<String> rooms() {
        return namespace.adapter().socketRooms(id);
    }

    @Override
    public void join(String... rooms) {
        if (closed != 0) {
            return; // a disconnected socket would be left in the rooms for good
        }
        namespace.adapter().addAll(id, Set.of(rooms));
    }

    @Override
    public void leave(String room) {
        namespace.adapter().del(id, room);
    }

    // ---- handlers ----

    /** Handles an event; several handlers of one event run in the order added. */
    public SocketIoSocket on(String event, EventHandler handler) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(event, "event");
        synchronized (gate) {
            handlers = EventHandlerTable.with(handlers, event, handler);
        }
        return this;
    }

    public SocketIoSocket off(String event) {
        synchronized (gate) {
            handlers = EventHandlerTable.without(handlers, event);
        }
        return this;
    }

    public SocketIoSocket onAny(AnyListener listener) {
        synchronized (this) {
            anyListeners = with(anyListeners, listener, false);
        }
        return this;
    }

    public SocketIoSocket prependAny(AnyListener listener) {
        synchronized (this) {
            anyListeners = with(anyListeners, listener, true);
        }
        return this;
    }

    public SocketIoSocket offAny(AnyListener listener) {
        synchronized (this) {
            List<AnyListener> copy = new ArrayList<>(anyListeners);
            copy.remove(listener);
            anyListeners = List.copyOf(copy);
        }
        return this;
    }

    private static <T> List<T> with(List<T> list, T item, boolean first) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        if (first) {
            copy.add(item);
        }
        copy.addAll(list);
        if (!first) {
            copy.add(item);
        }
        return List.copyOf(copy);
    }

    public SocketIoSocket onAnyOutgoing(AnyListener listener) {
        synchronized (this) {
            anyOutgoingListeners = with(anyOutgoingListeners, listener, false);
        }
        return this;
    }

    /** Adds a per-event middleware, run before the handlers in the order added. */
    public SocketIoSocket use(PacketMiddleware middleware) {
        synchronized (this) {
            middlewares = with(middlewares, middleware, false);
        }
        return this;
    }

    /** Called before the socket leaves its rooms ({@link #rooms()} still lists them). */
    public SocketIoSocket onDisconnecting(Consumer<DisconnectReason> handler) {
        synchronized (this) {
            disconnectingHandlers = with(disconnectingHandlers, handler, false);
        }
        return this;
    }

    public SocketIoSocket onDisconnect(Consumer<DisconnectReason> handler) {
        synchronized (this) {
            disconnectHandlers = with(disconnectHandlers, handler, false);
        }
        return this;
    }

    /** Errors from per-event middlewares and failing handlers. */
    public SocketIoSocket onError(Consumer<Exception> handler) {
        synchronized (this) {
            errorHandlers = with(errorHandlers, handler, false);
        }
        return this;
    }

    // ---- sending ----

    @Override
    public void emit(String event, Object... args) {
        send(event, args, Packet.NO_ID, true);
    }

    /** Emits and completes with the client's ack arguments; waits as long as the socket is connected. */
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        return emitWithAck(null, true, event, args);
    }

    /** An emitter whose acks fail with a {@link TimeoutException} after {@code timeout}. */
    public Emitter timeout(Duration timeout) {
        return new Emitter(this, timeout, true);
    }

    /**
     * An emitter whose packets go out with Engine.IO's compress option, as socket.io's
     * {@code socket.compress(false).emit(...)}: false sends them without permessage-deflate, whatever their
     * size, and does not ask for HTTP compression of the polling response that carries them.
     */
    public Emitter compress(boolean compress) {
        return new Emitter(this, null, compress);
    }

    CompletionStage<List<Object>> emitWithAck(Duration timeout, boolean compress, String event, Object... args) {
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        long ackId = namespace.nextAckId();
        awaitAck(ackId, new PendingAck(result::complete,
                () -> result.completeExceptionally(new IllegalStateException("socket has been disconnected"))));
        if (timeout != null) {
            namespace.server().timer().newTimeout(t -> {
                if (stopAwaiting(pendingAcks(), ackId) != null) {
                    observer().ackTimedOut(namespace.name());
                    result.completeExceptionally(new TimeoutException("operation has timed out"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!connected) {
            stopAwaiting(pendingAcks(), ackId);
            result.completeExceptionally(new IllegalStateException("socket is not connected"));
            return result;
        }
        send(event, args, ackId, compress);
        return result;
    }

    private void send(String event, Object[] args, long ackId, boolean compress) {
        if (RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> eventAndArgs = BroadcastOperator.eventAndArgs(event, args);
        Packet packet = Packet.event(namespace.name(), eventAndArgs, ackId);
        if (ackId == Packet.NO_ID && pid != null) {
            // With recovery on, events go through the adapter so that they get an offset and are kept; local:
            // the socket is here, so a cluster adapter has nothing to publish.
            namespace.adapter().emitToSocket(id, packet, compress);
            return;
        }
        notifyOutgoing(eventAndArgs);
        client.write(packet, compress);
    }

    /** Everyone in the namespace but this socket. */
    public BroadcastOperator broadcast() {
        return namespace.except(id);
    }

    /** Members of these rooms, but not this socket. */
    public BroadcastOperator to(String... rooms) {
        return namespace.except(id).to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return namespace.except(id).except(rooms);
    }

    /**
     * Leaves the namespace (the client gets a DISCONNECT packet and its {@code disconnect} event with
     * "io server disconnect"); {@code close} also closes the underlying connection and its other namespaces.
     */
    @Override
    public void disconnect(boolean close) {
        if (close) {
            client.disconnectAll();
            return;
        }
        if (!connected) {
            return;
        }
        client.write(new Packet(PacketType.DISCONNECT, namespace.name(), Packet.NO_ID, null));
        onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
    }

    // ---- internals ----

    Client client() {
        return client;
    }

    /** Joins and writes the CONNECT (and a restored socket's replay); false if a restored one could not go live. */
    boolean onConnect() {
        connected = true;
        SessionState session = restored;
        if (session == null) {
            join(id);
            writeConnect();
            return true;
        }
        restored = null;
        // The adapter decides when the rooms are joined, so that no broadcast is lost or overtakes the replay.
        boolean live = namespace.adapter().resumeSession(session, () -> {
            join(id);
            namespace.adapter().addAll(id, session.rooms());
            writeConnect();
            for (EncodedPacket missed : session.missedPackets()) {
                client.write(missed, false, true);
            }
        }, late -> client.write(late, false, true));
        if (!live) {
            // It never went live: no rooms, no handlers, nothing to persist. The client reconnects; its session
            // was taken, so it gets a fresh one.
            LOG.debug("Socket {} could not be resumed without a gap: closing its connection", id);
            connected = false;
            CLOSED.set(this, 1);
            namespace.removeSocket(this);
            client.removed(this);
            client.connection().close();
        }
        return live;
    }

    private void writeConnect() {
        client.write(new Packet(PacketType.CONNECT, namespace.name(), Packet.NO_ID,
                pid == null ? Map.of("sid", id) : Map.of("sid", id, "pid", pid)));
    }

    boolean writeBroadcast(OutgoingPacket outgoing, BroadcastFlags flags) {
        if (!connected) {
            return false;
        }
        if (!anyOutgoingListeners.isEmpty() && outgoing.packet().data() instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> eventAndArgs = (List<Object>) list;
            notifyOutgoing(eventAndArgs);
        }
        return client.write(outgoing, flags.isVolatile(), flags.compress());
    }

    void expectAck(long ackId, Consumer<List<Object>> ack) {
        awaitAck(ackId, new PendingAck(ack, () -> { }));
    }

    private SocketIoObserver observer() {
        return namespace.server().config().observer();
    }

    private void awaitAck(long ackId, PendingAck ack) {
        if (pendingAcks().put(ackId, ack) == null) {
            observer().ackExpected(namespace.name());
        }
    }

    /** Removes an awaited ack, telling the observer if it was still awaited; null if it was not. */
    private PendingAck stopAwaiting(Map<Long, PendingAck> waiting, long ackId) {
        PendingAck ack = waiting == null ? null : waiting.remove(ackId);
        if (ack != null) {
            observer().ackSettled(namespace.name());
        }
        return ack;
    }

    /** An ack awaited from the client, and what to do if the socket disconnects first. */
    private record PendingAck(Consumer<List<Object>> onAck, Runnable onDisconnect) {
    }

    private void notifyOutgoing(List<Object> eventAndArgs) {
        if (anyOutgoingListeners.isEmpty()) {
            return;
        }
        String event = String.valueOf(eventAndArgs.get(0));
        List<Object> args = eventAndArgs.subList(1, eventAndArgs.size());
        for (AnyListener listener : anyOutgoingListeners) {
            listener.onEvent(event, args);
        }
    }

    /**
     * A packet for this namespace, on the client's serial thread. Until the connection handlers have run
     * (they may run on another thread when a middleware finished asynchronously) packets wait, so none
     * reaches a socket whose handlers are not registered yet.
     */
    void onPacket(Packet packet) {
        synchronized (gate) {
            if (early != null) {
                early.add(packet);
                return;
            }
        }
        process(packet);
    }

    /** The connection handlers ran: handle what waited, in order, then let packets through directly. */
    void markReady() {
        while (true) {
            List<Packet> batch;
            synchronized (gate) {
                if (early.isEmpty()) {
                    early = null;
                    return;
                }
                batch = early;
                early = new ArrayList<>();
            }
            batch.forEach(this::process);
        }
    }

    private void process(Packet packet) {
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> onEvent(packet);
            case ACK, BINARY_ACK -> onAck(packet);
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            default -> {
                // CONNECT is handled by the client; CONNECT_ERROR is never sent by clients.
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void onEvent(Packet packet) {
        List<Object> eventAndArgs = (List<Object>) packet.data();
        String event = String.valueOf(eventAndArgs.get(0));
        List<Object> args = new ArrayList<>(eventAndArgs.subList(1, eventAndArgs.size()));
        Consumer<List<Object>> ack = packet.hasId() ? ackArgs -> {
            if (connected) {
                client.write(Packet.ack(namespace.name(), ackArgs, packet.id()));
            }
        } : null;
        runMiddlewares(middlewares, 0, event, args, () -> dispatch(event, args, ack));
    }

    private void runMiddlewares(List<PacketMiddleware> chain, int index, String event, List<Object> args, Runnable then) {
        if (index == chain.size()) {
            then.run();
            return;
        }
        boolean[] called = new boolean[1];
        try {
            chain.get(index).handle(event, args, new PacketMiddleware.Next() {
                @Override
                public void proceed() {
                    if (!called[0]) {
                        called[0] = true;
                        runMiddlewares(chain, index + 1, event, args, then);
                    }
                }

                @Override
                public void fail(Exception error) {
                    if (!called[0]) {
                        called[0] = true;
                        reportError(error);
                    }
                }
            });
        } catch (Exception e) {
            reportError(e);
        }
    }

    private void dispatch(String event, List<Object> args, Consumer<List<Object>> ack) {
        if (!connected) {
            return;
        }
        for (AnyListener listener : anyListeners) {
            listener.onEvent(event, args);
        }
        Object[] table = handlers;
        int at = EventHandlerTable.next(table, event, 0);
        if (at < 0) {
            return;
        }
        EventArgs eventArgs = new EventArgs(this, event, args, namespace.server().mapper(), ack);
        for (; at >= 0; at = EventHandlerTable.next(table, event, at + 2)) {
            try {
                EventHandlerTable.handlerAt(table, at).onEvent(eventArgs);
            } catch (Exception e) {
                LOG.warn("Handler of event '{}' failed on socket {}", event, id, e);
                reportError(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void onAck(Packet packet) {
        Map<Long, PendingAck> waiting = pendingAcks;
        PendingAck ack = stopAwaiting(waiting, packet.id());
        if (ack != null) {
            ack.onAck().accept((List<Object>) packet.data());
        }
    }

    private void reportError(Exception error) {
        if (errorHandlers.isEmpty()) {
            LOG.debug("Unhandled error on socket {}: {}", id, error.toString());
        }
        for (Consumer<Exception> handler : errorHandlers) {
            handler.accept(error);
        }
    }

    /** Leaves the namespace: disconnecting (rooms still visible), leave rooms, disconnect. */
    void onClose(DisconnectReason reason) {
        // Once, whichever comes first: a user's disconnect() or the transport's close.
        if (!connected || !CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        connected = false;
        for (Consumer<DisconnectReason> handler : disconnectingHandlers) {
            safely(() -> handler.accept(reason));
        }
        if (pid != null && RECOVERABLE.contains(reason)) {
            namespace.adapter().persistSession(new SessionState(id, pid, rooms(), data == null ? Map.of() : Map.copyOf(data), List.of()));
        }
        namespace.adapter().delAll(id);
        namespace.removeSocket(this);
        client.removed(this);
        Map<Long, PendingAck> waiting = pendingAcks;
        if (waiting != null) {
            for (Long ackId : List.copyOf(waiting.keySet())) {
                PendingAck pending = stopAwaiting(waiting, ackId);
                if (pending != null) {
                    safely(pending.onDisconnect());
                }
            }
        }
        for (Consumer<DisconnectReason> handler : disconnectHandlers) {
            safely(() -> handler.accept(reason));
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Disconnect handler failed on socket {}", id, e);
        }
    }

    /**
     * Emits to this socket with modifiers, as socket.io's chained flags:
     * {@code socket.timeout(Duration.ofSeconds(5)).emitWithAck("ping")},
     * {@code socket.compress(false).emit("frame", jpeg)}. Immutable: each modifier returns a new emitter;
     * thread-safe as the socket's own emits.
     */
    public static final class Emitter {
        private final SocketIoSocket socket;
        private final Duration timeout;
        private final boolean compress;

        private Emitter(SocketIoSocket socket, Duration timeout, boolean compress) {
            this.socket = socket;
            this.timeout = timeout;
            this.compress = compress;
        }

        /** Acks fail with a {@link TimeoutException} after {@code value}. */
        public Emitter timeout(Duration value) {
            return new Emitter(socket, value, compress);
        }

        /** See {@link SocketIoSocket#compress(boolean)}. */
        public Emitter compress(boolean value) {
            return new Emitter(socket, timeout, value);
        }

        /** Emits without an ack (a timeout has nothing to time). */
        public void emit(String event, Object... args) {
            socket.send(event, args, Packet.NO_ID, compress);
        }

        public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
            return socket.emitWithAck(timeout, compress, event, args);
        }
    }
}
