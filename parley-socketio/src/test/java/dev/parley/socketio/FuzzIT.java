package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.WebSocketRecorder;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Random and truncated Engine.IO / Socket.IO packets over both transports (seeded, so a failure replays):
 * each bad session is closed or ignored, the server answers every request, and a well-behaved client
 * connected all along keeps working. The leak detector (PARANOID) checks that nothing leaks on the way.
 */
class FuzzIT {
    private static final long SEED = 20261123L;
    private static final String[] VALID = {
        "40", "40/custom,", "40{\"token\":\"1\"}", "42[\"message\",1,\"2\",{\"3\":[true]}]", "42456[\"message-with-ack\",1]",
        "452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", "43456[1]", "41", "41/custom,",
        "2", "3", "5", "6", "2probe", "1",
    };

    private SocketIoServer io;
    private ParleyServer server;
    private Socket healthy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").maxHttpBufferSize(10_000).build())
                .connectTimeout(Duration.ofSeconds(2))
                .build());
        for (Namespace ns : new Namespace[] {io.of("/"), io.of("/custom")}) {
            ns.onConnection(socket -> {
                socket.on("message", args -> socket.emit("message-back", args.all().toArray()));
                socket.on("message-with-ack", args -> args.ack(args.all().toArray()));
            });
        }
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        IO.Options options = new IO.Options();
        options.reconnection = false;
        healthy = IO.socket(URI.create(server.url()), options);
        healthy.on(Socket.EVENT_CONNECT, a -> connected.complete(null));
        healthy.connect();
        connected.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        healthy.close();
        server.stop();
        io.close();
    }

    @Test
    void garbageOverWebSocketNeverHurtsOtherClients() throws Exception {
        Random random = new Random(SEED);
        for (int i = 0; i < 150; i++) {
            WebSocketRecorder recorder = new WebSocketRecorder();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(server.url().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"),
                            recorder)
                    .get(5, TimeUnit.SECONDS);
            int packets = 1 + random.nextInt(4);
            try {
                for (int k = 0; k < packets && !recorder.closed.isDone(); k++) {
                    if (random.nextInt(5) == 0) {
                        byte[] bytes = new byte[random.nextInt(20)];
                        random.nextBytes(bytes);
                        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
                    } else {
                        ws.sendText(mutate(random), true).get(5, TimeUnit.SECONDS);
                    }
                }
            } catch (ExecutionException e) {
                // The server closed this session while we were sending: an expected outcome of garbage.
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }
            ws.abort();
        }
        assertHealthyClientStillWorks();
    }

    @Test
    void garbageOverPollingGetsAnAnswerToEveryRequest() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 150; i++) {
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(
                    server.url() + "/socket.io/?EIO=4&transport=polling")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7).split("\"")[0];
            URI uri = URI.create(server.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid);
            StringBuilder body = new StringBuilder(mutate(random));
            for (int k = random.nextInt(3); k > 0; k--) {
                body.append('\u001e').append(mutate(random));
            }
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(body.toString()).isIn(200, 400);
        }
        assertHealthyClientStillWorks();
    }

    @Test
    void oversizedPollingBodyIsRefusedWithAClearStatus() throws Exception {
        HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(
                server.url() + "/socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        String sid = open.body().substring(open.body().indexOf("\"sid\":\"") + 7).split("\"")[0];
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(
                server.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("4" + "x".repeat(10_001))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(413);
        HttpResponse<String> poll = http.send(HttpRequest.newBuilder(URI.create(
                server.url() + "/socket.io/?EIO=4&transport=polling&sid=" + sid)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(poll.statusCode()).isEqualTo(400);
        assertHealthyClientStillWorks();
    }

    private void assertHealthyClientStillWorks() throws Exception {
        BlockingQueue<Object[]> acks = new ArrayBlockingQueue<>(1);
        healthy.emit("message-with-ack", new Object[] {"still", "here"}, (Ack) acks::add);
        assertThat(acks.poll(10, TimeUnit.SECONDS)).containsExactly("still", "here");
        assertThat(healthy.connected()).isTrue();
    }

    /** A valid packet, truncated, with bytes flipped or inserted, or pure noise. */
    private static String mutate(Random random) {
        String base = VALID[random.nextInt(VALID.length)];
        StringBuilder s = new StringBuilder(base);
        switch (random.nextInt(5)) {
            case 0 -> s.setLength(random.nextInt(s.length() + 1));
            case 1 -> s.setCharAt(random.nextInt(s.length()), (char) (32 + random.nextInt(95)));
            case 2 -> s.insert(random.nextInt(s.length() + 1), (char) random.nextInt(0x3000));
            case 3 -> {
                byte[] noise = new byte[random.nextInt(30)];
                random.nextBytes(noise);
                return new String(noise, StandardCharsets.ISO_8859_1);
            }
            default -> {
                // unchanged: valid packets in a random order are part of the fuzz too
            }
        }
        return s.toString();
    }
}
