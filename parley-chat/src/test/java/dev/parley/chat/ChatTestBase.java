package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A Parley Chat on a loopback server and official Java Socket.IO clients that log in to it, for the chat's
 * integration tests. Subclasses choose the configuration ({@link #configure}); the store is SQLite in a
 * temporary data directory unless {@link #database} names another ({@link ChatStoresTestBase} runs a class on both).
 */
abstract class ChatTestBase {
    protected final List<Socket> clients = new ArrayList<>();
    protected Path dataDir;
    protected ParleyChat chat;
    protected ParleyServer server;

    /** The chat's limits for this class; the data directory and the database are set by the base. */
    protected abstract ChatConfig.Builder configure(ChatConfig.Builder builder);

    /** The database: {@code builder} unchanged for SQLite in the data directory. */
    protected ChatConfig.Builder database(ChatConfig.Builder builder) throws Exception {
        return builder;
    }

    /** The clock of the chat's throttles and token buckets (monotonic nanoseconds): the system's unless a class sets it. */
    protected LongSupplier clock() {
        return System::nanoTime;
    }

    /** Called after the chat is closed, to drop what {@link #database} created. */
    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void startChat() throws Exception {
        dataDir = Files.createTempDirectory("parley-chat-it");
        open();
    }

    private void open() throws Exception {
        // Departures at once unless a class says otherwise: the tests watch leaves as they happen.
        ChatConfig config = configure(database(ChatConfig.builder().dataDir(dataDir).leaveGrace(Duration.ZERO))).build();
        chat = ParleyChat.open(config,
                SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build(), clock());
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        chat.mount(server);
        server.start();
    }

    /** Stops the clients, the server and the chat, then opens the chat again on the same data and database. */
    protected void restart() throws Exception {
        shutDown();
        open();
    }

    /** Something done while the chat is stopped (e.g. to its database). */
    @FunctionalInterface
    protected interface WhileStopped {
        void run() throws Exception;
    }

    /** Like {@link #restart()}, doing {@code step} between the stop and the start. */
    protected void restart(WhileStopped step) throws Exception {
        shutDown();
        step.run();
        open();
    }

    private void shutDown() throws Exception {
        clients.forEach(Socket::close);
        clients.clear();
        server.stop();
        chat.close();
    }

    @AfterEach
    void stopChat() throws Exception {
        try {
            shutDown();
        } finally {
            dropDatabase();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temporary files only
            }
        }
    }

    /** A user who logged in: the connection, and the session token the server issued. */
    protected record Login(Socket socket, String token) {
    }

    /** A connection the server refused: the {@code connect_error} payload, {@code {message, data}}. */
    protected static final class Refused extends Exception {
        private final transient JSONObject error;

        Refused(JSONObject error) {
            super(error.optString("message"));
            this.error = error;
        }

        JSONObject error() {
            return error;
        }
    }

    /** Logs a new user in with a nickname; returns the connection and the token from {@code session}. */
    protected Login register(String nickname) throws Exception {
        CompletableFuture<String> issued = new CompletableFuture<>();
        Socket socket = connect(null, nickname, s -> s.on("session", a -> issued.complete(((JSONObject) a[0]).optString("token"))));
        return new Login(socket, issued.get(10, TimeUnit.SECONDS));
    }

    protected Socket connect(String token, String nickname) throws Exception {
        return connect(token, nickname, s -> { });
    }

    /**
     * Connects with the given auth entries (null ones left out), after {@code before} registered its
     * listeners; returns the socket, or throws {@link Refused} with the {@code connect_error} payload.
     */
    protected Socket connect(String token, String nickname, Consumer<Socket> before) throws Exception {
        Map<String, String> auth = new HashMap<>();
        if (token != null) {
            auth.put("token", token);
        }
        if (nickname != null) {
            auth.put("nickname", nickname);
        }
        return connect(auth, before);
    }

    protected Socket connect(Map<String, ?> auth, Consumer<Socket> before) throws Exception {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        options.auth = new HashMap<>();
        auth.forEach((k, v) -> options.auth.put(k, String.valueOf(v)));
        Socket socket = IO.socket(URI.create(server.url()), options);
        before.accept(socket);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> connected.complete(null));
        // The Java client hands the CONNECT_ERROR payload over as it came: {"message": ..., "data": ...}.
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> connected.completeExceptionally(new Refused(
                a[0] instanceof JSONObject error ? error : new JSONObject(Map.of("message", String.valueOf(a[0]))))));
        socket.connect();
        clients.add(socket);
        try {
            connected.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Refused refused ? refused : e;
        }
        return socket;
    }

    /** The {@code connect_error} payload of a connection that must be refused. */
    protected JSONObject refusedWith(Map<String, ?> auth) throws Exception {
        try {
            connect(auth, s -> { });
        } catch (Refused refused) {
            return refused.error();
        }
        throw new AssertionError("connected with " + auth);
    }

    /** The refusal's message, or null if the connection was accepted. */
    protected String refusal(String token, String nickname) throws Exception {
        try {
            connect(token, nickname);
            return null;
        } catch (Refused refused) {
            return refused.getMessage();
        }
    }

    /** Emits with an ack and returns the ack's payload. */
    protected static JSONObject call(Socket socket, String event, JSONObject payload) throws Exception {
        BlockingQueue<Object> answer = new ArrayBlockingQueue<>(1);
        socket.emit(event, new Object[] {payload}, (Ack) a -> answer.add(a[0]));
        Object result = answer.poll(10, TimeUnit.SECONDS);
        assertThat(result).as("ack of " + event).isNotNull();
        return (JSONObject) result;
    }

    protected static JSONObject json(Object... keyValues) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }
}
