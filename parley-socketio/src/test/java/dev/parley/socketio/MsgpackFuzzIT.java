package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import dev.parley.socketio.parser.SocketIoParser;
import dev.parley.testkit.WebSocketRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid MessagePack from a client on a server with {@link MsgpackParser}, over a raw JDK WebSocket: its
 * socket disconnects with "parse error" and its connection closes, whatever the bytes (a header declaring a
 * 4 GiB string, deep nesting, a text message, seeded garbage), and a client connected all along keeps
 * working. The leak detector (PARANOID) checks that nothing leaks on the way.
 */
class MsgpackFuzzIT {
    private static final HexFormat HEX = HexFormat.of();
    private static final MsgpackParser PARSER = new MsgpackParser();
    private static final String EVENT_PREFIX = "83a47479706502a36e7370a12fa464617461"; // {type: 2, nsp: "/", data: ...

    private SocketIoServer io;
    private ParleyServer server;
    private final BlockingQueue<DisconnectReason> disconnects = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").maxHttpBufferSize(10_000).build())
                .parser(PARSER)
                .build());
        io.onConnection(socket -> {
            socket.on("echo", args -> args.ack(args.all().toArray()));
            socket.onDisconnect(disconnects::add);
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        io.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        EVENT_PREFIX + "dbffffffff00", // a string of 4 GiB declared in a 24-byte message
        EVENT_PREFIX + "dd7fffffff00", // an array of 2^31-1 elements
        EVENT_PREFIX + "df7fffffff00", // a map of 2^31-1 entries
        EVENT_PREFIX + "c6ffffffff00", // binary of 4 GiB
        "c1", // a byte MessagePack never uses
        "83a47479706505a36e7370a12fa46461746191a16100", // BINARY_EVENT: not a msgpack-parser type
    })
    void invalidMessagePackDisconnectsWithAParseError(String hex) throws Exception {
        Session bad = connect();
        Session healthy = connect();
        bad.ws.sendBinary(ByteBuffer.wrap(HEX.parseHex(hex)), true).get(5, TimeUnit.SECONDS);
        assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.PARSE_ERROR);
        assertThat(bad.recorder.closed.get(10, TimeUnit.SECONDS)).isNotNull();
        healthy.assertEchoes();
    }

    @Test
    void deepNestingAndTextMessagesDisconnectWithAParseError() throws Exception {
        Session healthy = connect();
        Session deep = connect();
        deep.ws.sendBinary(ByteBuffer.wrap(HEX.parseHex(EVENT_PREFIX + "91".repeat(3000) + "c0")), true)
                .get(5, TimeUnit.SECONDS);
        assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.PARSE_ERROR);
        Session text = connect();
        text.ws.sendText("42[\"echo\",1]", true).get(5, TimeUnit.SECONDS);
        assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.PARSE_ERROR);
        healthy.assertEchoes();
    }

    @Test
    void seededGarbageNeverHurtsOtherClients() throws Exception {
        Session healthy = connect();
        Random random = new Random(20261206L);
        byte[] valid = PARSER.encode(Packet.event("/", List.of("echo", new byte[] {1, 2}, "x"), 3)).attachments().get(0);
        for (int i = 0; i < 100; i++) {
            Session fuzzed = connect();
            byte[] bytes = valid.clone();
            switch (random.nextInt(3)) {
                case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                default -> random.nextBytes(bytes);
            }
            try {
                fuzzed.ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class); // closed while sending
            }
            fuzzed.ws.abort();
        }
        healthy.assertEchoes();
    }

    /** A raw Engine.IO WebSocket session joined to "/" with msgpack CONNECT packets. */
    private Session connect() throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"), recorder)
                .get(5, TimeUnit.SECONDS);
        assertThat((String) recorder.messages.poll(5, TimeUnit.SECONDS)).startsWith("0{");
        Session session = new Session(ws, recorder);
        session.send(new Packet(PacketType.CONNECT, "/", Packet.NO_ID, null));
        assertThat(session.next().type()).isEqualTo(PacketType.CONNECT);
        return session;
    }

    private record Session(WebSocket ws, WebSocketRecorder recorder) {
        void send(Packet packet) throws Exception {
            ws.sendBinary(ByteBuffer.wrap(PARSER.encode(packet).attachments().get(0)), true).get(5, TimeUnit.SECONDS);
        }

        /** The next Socket.IO packet (Engine.IO pings are answered on the way). */
        Packet next() throws Exception {
            SocketIoParser.Decoder decoder = PARSER.newDecoder();
            while (true) {
                Object message = recorder.messages.poll(10, TimeUnit.SECONDS);
                assertThat(message).as("a message within 10 s").isNotNull();
                if (message instanceof byte[] bytes) {
                    return decoder.decode(bytes);
                }
                if ("2".equals(message)) {
                    ws.sendText("3", true);
                }
            }
        }

        void assertEchoes() throws Exception {
            send(Packet.event("/", List.of("echo", "still", new byte[] {7}), 9));
            Packet ack = next();
            assertThat(ack.type()).isEqualTo(PacketType.ACK);
            assertThat(ack.id()).isEqualTo(9);
            List<?> args = (List<?>) ack.data();
            assertThat(args.get(0)).isEqualTo("still");
            assertThat((byte[]) args.get(1)).containsExactly(7);
        }
    }
}
