package dev.parley.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.MsgpackParser;
import io.netty.util.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO v5 server (the equivalent of Node's {@code new Server()}): namespaces over one Engine.IO
 * server. Mount {@link #engine()} on a {@code ParleyServer} with {@code addEngineIo}.
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(SocketIoConfig.defaults());
 * io.onConnection(socket -> socket.on("chat", args -> io.emit("chat", args.get(0))));
 * new ParleyServer(ServerConfig.defaults()).addEngineIo(io.engine()).start();
 * }</pre>
 *
 * Thread-safe. Handlers of one connection run in order, on the server's handler executor (off the network
 * event loops, unless the server runs handlers there: {@code HandlerExecution.EVENT_LOOP}).
 */
public final class SocketIoServer {
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServer.class);
    private static final int ADAPTER_CLOSE_SECONDS = 5;

    private final SocketIoConfig config;
    private final ObjectMapper mapper;
    private final EngineIoServer engine;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final List<Namespace> parents = new CopyOnWriteArrayList<>();
    private final List<Consumer<Namespace>> newNamespaceListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<EngineIoSocket, CloseReason>> connectionCloseListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EngineIoSocket>> connectionOpenListeners = new CopyOnWriteArrayList<>();
    private final Timer timer;

    public SocketIoServer(SocketIoConfig config) {
        this.config = config;
        this.mapper = config.parser() instanceof JsonParser json ? json.mapper()
                : config.parser() instanceof MsgpackParser msgpack ? msgpack.mapper() : new ObjectMapper();
        this.timer = new DeadlineTimer("parley-socketio-timer");
        this.engine = new EngineIoServer(config.engine(), new EngineListener());
        if (config.serveClient()) {
            ClientBundle.register(engine);
        }
        of("/");
    }

    public SocketIoConfig config() {
        return config;
    }

    /** The Engine.IO server to mount on the HTTP server. */
    public EngineIoServer engine() {
        return engine;
    }

    /** The namespace with this name, created if needed ({@code io.of("/chat")}). */
    public Namespace of(String name) {
        String normalized = name.startsWith("/") ? name : "/" + name;
        Namespace existing = namespaces.get(normalized);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        Namespace namespace = namespaces.computeIfAbsent(normalized, n -> {
            created[0] = true;
            return new Namespace(this, n, null);
        });
        if (created[0]) {
            newNamespaceListeners.forEach(l -> l.accept(namespace));
        }
        return namespace;
    }

    /** The namespaces created so far, static and dynamic children (not their parents); a snapshot. */
    public Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /**
     * A dynamic namespace: every name the predicate accepts is created when a client first connects to it.
     * Middleware and connection handlers registered on the returned parent apply to all its children;
     * a broadcast on the parent reaches all of them.
     */
    public Namespace of(Predicate<String> names) {
        Namespace parent = Namespace.parent(this, names);
        parents.add(parent);
        return parent;
    }

    /** A dynamic namespace whose names match the regular expression. */
    public Namespace of(Pattern names) {
        return of(name -> names.matcher(name).matches());
    }

    /** The main namespace {@code /}. */
    public Namespace sockets() {
        return of("/");
    }

    /** Registers a connection handler on the main namespace. */
    public SocketIoServer onConnection(Consumer<SocketIoSocket> handler) {
        sockets().onConnection(handler);
        return this;
    }

    public void use(Middleware middleware) {
        sockets().use(middleware);
    }

    /** Emits to every socket of the main namespace. */
    public void emit(String event, Object... args) {
        sockets().emit(event, args);
    }

    public BroadcastOperator to(String... rooms) {
        return sockets().to(rooms);
    }

    public BroadcastOperator in(String... rooms) {
        return sockets().to(rooms);
    }

    public BroadcastOperator except(String... rooms) {
        return sockets().except(rooms);
    }

    /**
     * socket.io's {@code io.compress(false)}: a broadcast to the main namespace whose messages go out without
     * permessage-deflate (one uncompressed frame shared by every target) and without asking for HTTP
     * compression of the polling responses that carry them.
     */
    public BroadcastOperator compress(boolean compress) {
        return sockets().compress(compress);
    }

    /**
     * Called with each namespace created from now on, by {@link #of(String)} or by a dynamic parent
     * (socket.io's {@code new_namespace}); {@link #namespaces()} lists those created before.
     */
    public void onNewNamespace(Consumer<Namespace> listener) {
        newNamespaceListeners.add(listener);
    }

    /**
     * Called once when an Engine.IO connection opens, whether or not it ever joins a namespace (Node:
     * {@code io.engine.on("connection", ...)}). Runs in the connection's handler order, before its first
     * message is handled (on the event loop with {@code HandlerExecution.EVENT_LOOP}): do not block.
     */
    public void onConnectionOpen(Consumer<EngineIoSocket> listener) {
        connectionOpenListeners.add(listener);
    }

    /**
     * Called once when an Engine.IO connection ends, with its reason, whether or not it ever joined a
     * namespace (Node: {@code io.engine.on("connection", s => s.on("close", reason => ...))}). Runs after
     * the connection's sockets got their disconnect, in the connection's handler order.
     */
    public void onConnectionClose(BiConsumer<EngineIoSocket, CloseReason> listener) {
        connectionCloseListeners.add(listener);
    }

    /**
     * Completes once the adapter of every namespace created so far receives what other servers of the
     * cluster send (at once without a cluster adapter). Start accepting clients after it.
     */
    public CompletionStage<Void> ready() {
        return CompletableFuture.allOf(namespaces.values().stream()
                .map(ns -> ns.ready().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    /**
     * Closes every connection ("server shutting down"), then the namespaces' adapters, waiting up to
     * {@value #ADAPTER_CLOSE_SECONDS} s for them to flush what they must send.
     */
    public void close() {
        engine.close();
        CompletableFuture<?>[] closing = namespaces.values().stream()
                .map(ns -> ns.adapter().close().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(ADAPTER_CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Adapters did not close cleanly", e);
        }
        timer.stop();
    }

    /** The namespace a CONNECT packet names, creating a dynamic child if a parent accepts the name. */
    Namespace namespaceFor(String name) {
        Namespace existing = namespaces.get(name);
        if (existing != null) {
            return existing;
        }
        for (Namespace parent : parents) {
            if (parent.accepts(name)) {
                boolean[] created = new boolean[1];
                Namespace child = namespaces.computeIfAbsent(name, n -> {
                    created[0] = true;
                    return new Namespace(this, n, parent);
                });
                if (created[0]) {
                    parent.addChild(child);
                    newNamespaceListeners.forEach(l -> l.accept(child));
                }
                return child;
            }
        }
        return null;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    Timer timer() {
        return timer;
    }

    /** Engine.IO sessions become Socket.IO clients. */
    private final class EngineListener implements EngineIoListener {
        @Override
        public void onOpen(EngineIoSocket socket) {
            socket.attachment(new Client(SocketIoServer.this, socket));
            connectionOpenListeners.forEach(l -> l.accept(socket));
        }

        @Override
        public void onMessage(EngineIoSocket socket, String text) {
            client(socket).onText(text);
        }

        @Override
        public void onBinary(EngineIoSocket socket, byte[] data) {
            client(socket).onBinary(data);
        }

        @Override
        public void onClose(EngineIoSocket socket, CloseReason reason) {
            Client client = client(socket);
            if (client != null) {
                client.onClose(DisconnectReason.of(reason));
            }
            connectionCloseListeners.forEach(l -> l.accept(socket, reason));
        }

        private Client client(EngineIoSocket socket) {
            return (Client) socket.attachment();
        }
    }
}
