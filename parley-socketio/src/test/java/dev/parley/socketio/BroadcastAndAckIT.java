package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.SocketIoParser;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two documented promises, with the official Java client: a broadcast is encoded once whatever the number
 * of receivers, and a socket that disconnects fails its pending acknowledgements.
 */
class BroadcastAndAckIT {
    private final CountingParser parser = new CountingParser();
    private final List<Socket> clients = new ArrayList<>();
    private SocketIoServer io;
    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .parser(parser)
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Socket::close);
        server.stop();
        io.close();
    }

    private Socket connect() throws Exception {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        options.transports = new String[] {"websocket"};
        Socket socket = IO.socket(URI.create(server.url()), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> connected.complete(null));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        clients.add(socket);
        return socket;
    }

    @Test
    void aRoomBroadcastIsEncodedOnceForAllItsReceivers() throws Exception {
        io.onConnection(socket -> socket.on("join", args -> {
            socket.join("room");
            args.ack("joined");
        }));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        int receivers = 20;
        for (int i = 0; i < receivers; i++) {
            Socket client = connect();
            client.on("news", args -> received.add(args[0]));
            CompletableFuture<Object> joined = new CompletableFuture<>();
            client.emit("join", new Object[0], args -> joined.complete(args[0]));
            assertThat(joined.get(10, TimeUnit.SECONDS)).isEqualTo("joined");
        }

        int before = parser.encodings.get();
        io.to("room").emit("news", "the same bytes for everyone");
        for (int i = 0; i < receivers; i++) {
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("the same bytes for everyone");
        }
        assertThat(parser.encodings.get() - before).as("encodings for one broadcast to %d sockets", receivers)
                .isEqualTo(1);
    }

    @Test
    void aSocketThatDisconnectsFailsItsPendingAcks() throws Exception {
        CompletableFuture<SocketIoSocket> joined = new CompletableFuture<>();
        io.onConnection(joined::complete);
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
        Socket client = connect();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        client.on("question", args -> asked.complete(null)); // never acknowledges
        SocketIoSocket socket = joined.get(10, TimeUnit.SECONDS);

        CompletableFuture<List<Object>> answer = socket.emitWithAck("question", 42).toCompletableFuture();
        asked.get(10, TimeUnit.SECONDS);
        assertThat(answer).isNotDone();
        client.disconnect();

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> answer.get(10, TimeUnit.SECONDS));
        assertThat(failed.getCause()).hasMessageContaining("socket has been disconnected");
    }

    /** The default parser, counting encodings. */
    private static final class CountingParser implements SocketIoParser {
        final AtomicInteger encodings = new AtomicInteger();
        private final JsonParser json = new JsonParser(new ObjectMapper());

        @Override
        public EncodedPacket encode(Packet packet) {
            encodings.incrementAndGet();
            return json.encode(packet);
        }

        @Override
        public Decoder newDecoder() {
            return json.newDecoder();
        }
    }
}
