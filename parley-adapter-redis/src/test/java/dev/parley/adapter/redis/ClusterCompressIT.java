package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code compress(false)} across the cluster: server A broadcasts, the classic adapter carries the flag
 * over the real Redis, and server B sends those messages uncompressed to its socket.io-client, which
 * negotiated permessage-deflate (sio-compress.mjs reads RSV1 of each frame).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCompressIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIG = "x".repeat(2000);

    private final String key = "parley-it-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private SocketIoServer server() throws Exception {
        RedisCluster cluster = RedisCluster.connect(ParleyNode.options(key, Duration.ofSeconds(2)));
        closing.add(cluster::close);
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .adapterFactory(cluster.adapterFactory())
                .build());
        closing.add(io::close);
        return io;
    }

    @Test
    void aCompressFalseBroadcastFromAnotherServerArrivesUncompressed() throws Exception {
        SocketIoServer a = server();
        SocketIoServer b = server();
        b.onConnection(socket -> socket.on("go", args -> {
            a.emit("default", BIG);
            a.compress(false).emit("plain", BIG);
            a.compress(false).emit("plain-binary", (Object) new byte[2000]);
            a.emit("default-again", BIG);
            a.emit("end");
        }));
        a.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        b.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ParleyServer http = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(64).build())
                .build()).addEngineIo(b.engine()).start();
        closing.add(http::stop);

        NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(40), "sio-compress.mjs", http.url(), "takeover");
        assertThat(result.exitCode()).as("node script failed: %s", result).isZero();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : result.lines()) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        assertThat(lines.stream().filter(l -> "event".equals(l.get("ev"))).map(l -> l.get("name")))
                .containsExactly("default", "plain", "plain-binary", "default-again", "end");
        assertThat(lines.stream().filter(l -> "frame".equals(l.get("ev")))
                .map(l -> (Boolean.TRUE.equals(l.get("rsv1")) ? "compressed " : "plain ") + l.get("opcode")))
                .containsExactly("compressed 1", "plain 1", "plain 1", "plain 2", "compressed 1", "plain 1");
    }
}
