package dev.parley.socketio;

import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.engineio.PreparedMessage;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.OutgoingPacket;
import dev.parley.socketio.adapter.SessionState;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO namespace ({@code io.of("/chat")}): its middleware chain, connection handlers, sockets,
 * rooms (through its adapter) and broadcasts. A dynamic parent ({@code io.of(predicate)}) holds middleware
 * and handlers for the children it creates, and its broadcasts reach all of them. Thread-safe.
 */
public final class Namespace {
    private static final Logger LOG = LoggerFactory.getLogger(Namespace.class);

    private final SocketIoServer server;
    private final String name;
    private final Namespace parent;
    private final Predicate<String> childNames;
    private final List<Namespace> children = new CopyOnWriteArrayList<>();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<SocketIoSocket>> connectionHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
    private final List<Consumer<List<Object>>> serverSideListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<ServerSideHandler>> serverSideHandlers = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final Adapter adapter;
    private final SocketIoObserver observer;

    Namespace(SocketIoServer server, String name, Namespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.childNames = null;
        this.adapter = server.config().adapterFactory().apply(new Local());
        this.observer = server.config().observer();
        // Last, every field set: the observer may read the namespace (its adapter, its sockets) from now on.
        observer.namespaceCreated(this);
    }

    private Namespace(SocketIoServer server, Predicate<String> childNames) {
        this.server = server;
        this.name = "(dynamic)";
        this.parent = null;
        this.childNames = childNames;
        this.adapter = null;
        this.observer = server.config().observer();
    }

    static Namespace parent(SocketIoServer server, Predicate<String> childNames) {
        return new Namespace(server, childNames);
    }

    public String name() {
        return name;
    }

    /** The adapter holding this namespace's rooms; null for a dynamic parent. */
    public Adapter adapter() {
        return adapter;
    }

    public SocketIoServer server() {
        return server;
    }

    /** Adds a middleware, run for every socket that connects, in the order added. */
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    /** Called with each socket that joined (socket.io's {@code connection} event). */
    public Namespace onConnection(Consumer<SocketIoSocket> handler) {
        connectionHandlers.add(handler);
        return this;
    }

    /**
     * Called with every event other servers sent with {@link #serverSideEmit} (with a cluster adapter), as
     * {@code [event, args...]}.
     */
    public Namespace onServerSideEmit(Consumer<List<Object>> listener) {
        serverSideListeners.add(listener);
        return this;
    }

    /**
     * Handles one event other servers send with {@link #serverSideEmit} or {@link #serverSideEmitWithAck}
     * (Node: {@code io.on(event, (...args, callback) => ...)}); the handler may answer with
     * {@link ServerSideEvent#ack}.
     */
    public Namespace onServerSideEmit(String event, ServerSideHandler handler) {
        serverSideHandlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** Completes once the adapter receives what other servers send (at once without a cluster). */
    public CompletionStage<Void> ready() {
        if (isParent()) {
            return java.util.concurrent.CompletableFuture.allOf(children.stream()
                    .map(c -> c.adapter.ready().toCompletableFuture())
                    .toArray(java.util.concurrent.CompletableFuture[]::new));
        }
        return adapter.ready();
    }

    /** The connected sockets of this server, by id. */
    public Map<String, SocketIoSocket> sockets() {
        if (isParent()) {
            Map<String, SocketIoSocket> all = new java.util.HashMap<>();
            children.forEach(c -> all.putAll(c.sockets));
            return all;
        }
        return Map.copyOf(sockets);
    }

    // ---- broadcasting (immutable operators) ----

    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperator(this).to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperator(this).except(rooms);
    }

    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(this).asVolatile();
    }

    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(this).compress(compress);
    }

    public BroadcastOperator local() {
        return new BroadcastOperator(this).local();
    }

    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(this).timeout(timeout);
    }

    /** Emits to every socket of the namespace. */
    public void emit(String event, Object... args) {
        new BroadcastOperator(this).emit(event, args);
    }

    public CompletionStage<List<RemoteSocket>> fetchSockets() {
        return new BroadcastOperator(this).fetchSockets();
    }

    public void socketsJoin(String... rooms) {
        new BroadcastOperator(this).socketsJoin(rooms);
    }

    public void socketsLeave(String... rooms) {
        new BroadcastOperator(this).socketsLeave(rooms);
    }

    public void disconnectSockets(boolean close) {
        new BroadcastOperator(this).disconnectSockets(close);
    }

    /** Sends an event to the same namespace on the other servers of a cluster (no-op on a single server). */
    public void serverSideEmit(String event, Object... args) {
        List<Object> eventAndArgs = BroadcastOperator.eventAndArgs(event, args);
        for (Namespace ns : targets()) {
            ns.adapter.serverSideEmit(eventAndArgs);
        }
    }

    /**
     * Sends an event to the same namespace on the other servers and completes with one answer from each
     * (an empty list on a single server). Past the adapter's requests timeout it fails with an
     * {@link dev.parley.socketio.adapter.AckTimeoutException} holding the answers that arrived.
     */
    public CompletionStage<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        List<Object> eventAndArgs = BroadcastOperator.eventAndArgs(event, args);
        List<java.util.concurrent.CompletableFuture<List<Object>>> all = new ArrayList<>();
        for (Namespace ns : targets()) {
            all.add(ns.adapter.serverSideEmitWithAck(eventAndArgs).toCompletableFuture());
        }
        return java.util.concurrent.CompletableFuture.allOf(all.toArray(java.util.concurrent.CompletableFuture[]::new))
                .thenApply(v -> {
                    List<Object> answers = new ArrayList<>();
                    all.forEach(f -> answers.addAll(f.join()));
                    return java.util.Collections.unmodifiableList(answers);
                });
    }

    // ---- internals ----

    boolean isParent() {
        return childNames != null;
    }

    boolean accepts(String childName) {
        return childNames.test(childName);
    }

    void addChild(Namespace child) {
        children.add(child);
    }

    /** This namespace, or a parent's children: what a broadcast on it reaches. */
    List<Namespace> targets() {
        return isParent() ? List.copyOf(children) : List.of(this);
    }

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    /**
     * A client asked to join: restore its session if it names one (connection state recovery), run the
     * middlewares (the parent's first), then connect or refuse.
     */
    void connect(Client client, Map<String, Object> auth, String pid, String offset) {
        if (pid == null || offset == null || !server.config().recoveryEnabled()) {
            connect(client, auth, (SessionState) null);
            return;
        }
        java.util.concurrent.CompletableFuture<Optional<SessionState>> restore;
        SocketIoSocket admitted = null;
        SessionState restoredNow = null;
        // A synchronous adapter (in-memory) answers at once: then restore, join and replay happen under the
        // adapter's monitor, which its recorded broadcasts also take, so no broadcast falls between the
        // snapshot and the join, and none overtakes the replay. An asynchronous adapter (Redis streams) gives
        // the same guarantee in Adapter.resumeSession, which SocketIoSocket.onConnect goes through.
        synchronized (adapter) {
            restore = adapter.restoreSession(pid, offset).toCompletableFuture();
            if (restore.isDone() && !restore.isCompletedExceptionally()) {
                restoredNow = restore.join().orElse(null);
                if (restoredNow != null && server.config().recoverySkipMiddlewares()) {
                    SocketIoSocket socket = new SocketIoSocket(this, client, auth, restoredNow);
                    if (!register(socket)) {
                        return;
                    }
                    admitted = socket;
                }
            }
        }
        if (admitted != null) {
            runConnectionHandlers(admitted);
            return;
        }
        if (restore.isDone() && !restore.isCompletedExceptionally()) {
            connect(client, auth, restoredNow); // not recovered, or recovered through the middlewares
            return;
        }
        restore.whenComplete((session, error) -> {
            if (error != null) {
                LOG.warn("Session restore failed in namespace {}", name, error);
            }
            connect(client, auth, error == null ? session.orElse(null) : null);
        });
    }

    private void connect(Client client, Map<String, Object> auth, SessionState restored) {
        SocketIoSocket socket = new SocketIoSocket(this, client, auth, restored);
        if (restored != null && server.config().recoverySkipMiddlewares()) {
            admit(socket);
            return;
        }
        List<Middleware> chain = new ArrayList<>();
        if (parent != null) {
            chain.addAll(parent.middlewares);
        }
        chain.addAll(middlewares);
        runMiddleware(chain, 0, socket);
    }

    private void runMiddleware(List<Middleware> chain, int index, SocketIoSocket socket) {
        if (index == chain.size()) {
            admit(socket);
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (called.compareAndSet(false, true)) {
                    runMiddleware(chain, index + 1, socket);
                }
            }

            @Override
            public void fail(ConnectError error) {
                if (called.compareAndSet(false, true)) {
                    refuse(socket, error);
                }
            }
        };
        try {
            chain.get(index).handle(socket, next);
        } catch (ConnectError e) {
            next.fail(e);
        } catch (RuntimeException e) {
            LOG.warn("Middleware of namespace {} failed", name, e);
            next.fail(new ConnectError(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
    }

    private void refuse(SocketIoSocket socket, ConnectError error) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("message", error.getMessage());
        if (error.data() != null) {
            payload.put("data", error.data());
        }
        observer.connectRefused("middleware");
        socket.client().write(new Packet(PacketType.CONNECT_ERROR, name, Packet.NO_ID, payload));
        socket.client().refused(name);
    }

    private void admit(SocketIoSocket socket) {
        if (register(socket)) {
            runConnectionHandlers(socket);
        }
    }

    /** Registers an admitted socket with its client (refused if the connection closed meanwhile) and connects it. */
    private boolean register(SocketIoSocket socket) {
        if (!socket.client().connected(socket)) {
            socket.client().refused(name);
            return false;
        }
        sockets.put(socket.id(), socket);
        // Counted before it connects: a resume that fails removes it again through removeSocket, which uncounts it.
        observer.socketConnected(name);
        return socket.onConnect();
    }

    private void runConnectionHandlers(SocketIoSocket socket) {
        List<Consumer<SocketIoSocket>> handlers = new ArrayList<>();
        if (parent != null) {
            handlers.addAll(parent.connectionHandlers);
        }
        handlers.addAll(connectionHandlers);
        for (Consumer<SocketIoSocket> handler : handlers) {
            try {
                handler.accept(socket);
            } catch (RuntimeException e) {
                LOG.warn("Connection handler of namespace {} failed", name, e);
            }
        }
        socket.markReady();
    }

    void removeSocket(SocketIoSocket socket) {
        if (sockets.remove(socket.id(), socket)) {
            observer.socketDisconnected(name);
        }
    }

    EncodedPacket encode(Packet packet) {
        return server.config().parser().encode(packet);
    }

    /** What the adapter sees of this namespace. */
    private final class Local implements AdapterNamespace {
        @Override
        public String name() {
            return name;
        }

        @Override
        public OutgoingPacket prepare(Packet packet) {
            EncodedPacket encoded = encode(packet);
            List<PreparedMessage> messages = new ArrayList<>(encoded.messageCount());
            if (encoded.text() != null) {
                messages.add(server.engine().prepare(encoded.text()));
            }
            for (byte[] attachment : encoded.attachments()) {
                messages.add(server.engine().prepare(attachment));
            }
            return new OutgoingPacket(packet, encoded, messages);
        }

        @Override
        public void delivered(int recipients) {
            observer.broadcast(name, recipients);
        }

        @Override
        public boolean write(String socketId, OutgoingPacket packet, BroadcastFlags flags) {
            SocketIoSocket socket = sockets.get(socketId);
            return socket != null && socket.writeBroadcast(packet, flags);
        }

        @Override
        public boolean writeExpectingAck(String socketId, OutgoingPacket packet, BroadcastFlags flags,
                Consumer<List<Object>> ack) {
            SocketIoSocket socket = sockets.get(socketId);
            if (socket == null) {
                return false;
            }
            socket.expectAck(packet.packet().id(), ack);
            return socket.writeBroadcast(packet, flags);
        }

        @Override
        public Duration maxDisconnectionDuration() {
            return server.config().maxDisconnectionDuration();
        }

        @Override
        public int recoveryMaxPackets() {
            return server.config().recoveryMaxPackets();
        }

        @Override
        public long recoveryMaxBytes() {
            return server.config().recoveryMaxBytes();
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            try {
                server.timer().newTimeout(t -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Scheduled task of namespace {} failed", name, e);
                    }
                }, Math.max(1, delay.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (IllegalStateException e) {
                LOG.debug("Task of namespace {} not scheduled: the server is closed", name);
            }
        }

        @Override
        public Optional<RemoteSocket> localSocket(String socketId) {
            return Optional.ofNullable(sockets.get(socketId));
        }

        @Override
        public Set<String> localSocketIds() {
            return java.util.Collections.unmodifiableSet(sockets.keySet());
        }

        @Override
        public long nextAckId() {
            return Namespace.this.nextAckId();
        }

        @Override
        public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
            for (Consumer<List<Object>> listener : serverSideListeners) {
                try {
                    listener.accept(eventAndArgs);
                } catch (RuntimeException e) {
                    LOG.warn("Server-side emit listener of namespace {} failed", name, e);
                }
            }
            if (eventAndArgs.isEmpty()) {
                return;
            }
            String event = String.valueOf(eventAndArgs.get(0));
            List<ServerSideHandler> handlers = serverSideHandlers.get(event);
            if (handlers == null) {
                return;
            }
            ServerSideEvent received = new ServerSideEvent(event, eventAndArgs.subList(1, eventAndArgs.size()),
                    server.mapper(), ack, new java.util.concurrent.atomic.AtomicBoolean());
            for (ServerSideHandler handler : handlers) {
                try {
                    handler.onEvent(received);
                } catch (Exception e) {
                    LOG.warn("Server-side handler of event '{}' in namespace {} failed", event, name, e);
                }
            }
        }
    }
}
