package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * socket.io's {@code compress(false)}, seen by the official {@code socket.io-client} over a WebSocket that
 * negotiated permessage-deflate: messages emitted with it arrive uncompressed (RSV1 clear) however big,
 * the others compressed (RSV1 set), for one socket and for broadcasts, with context takeover (the session's
 * own compressor, which must stay in step with the client across the plain messages) and without (the
 * broadcast's shared frames). sio-compress.mjs reads the frames from the TCP socket beside the client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressFlagIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Over the server's threshold (64 bytes) and the client's (1024), and very compressible. */
    private static final String BIG = "x".repeat(2000);

    private SocketIoServer io;
    private ParleyServer server;

    @BeforeAll
    static void installTheNodeClient() {
        NodeScripts.installedDirectory();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        if (io != null) {
            io.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"takeover", "no-takeover"})
    void compressFalseMessagesArriveUncompressedAndTheOthersCompressed(String mode) throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .build());
        io.onConnection(socket -> {
            socket.join("room");
            socket.on("go", args -> {
                socket.emit("socket-default", BIG);
                socket.compress(false).emit("socket-plain", BIG);
                io.compress(false).emit("io-plain", BIG);
                io.to("room").compress(false).emit("room-plain", BIG);
                socket.compress(false).emit("socket-plain-binary", (Object) new byte[2000]);
                io.emit("io-default", BIG);
                socket.emit("end");
            });
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(64).build())
                .build()).addEngineIo(io.engine()).start();

        NodeScripts.Result result = NodeScripts.run(SCRIPT_TIMEOUT, "sio-compress.mjs", server.url(), mode);
        assertThat(result.exitCode()).as("node script failed: %s", result).isZero();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : result.lines()) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> deflate = (Map<String, Object>) of(lines, "deflate").get(0).get("params");
        assertThat(deflate).as("permessage-deflate negotiated").isNotNull();
        assertThat(deflate.containsKey("server_no_context_takeover")).as("%s", deflate)
                .isEqualTo(mode.equals("no-takeover"));
        // Every event arrived whole: the client inflated the compressed ones after the plain ones in between.
        Map<String, Object> big = Map.of("string", 2000, "chars", "x");
        assertThat(of(lines, "event")).extracting(e -> List.of(e.get("name"), e.get("args"))).containsExactly(
                List.of("socket-default", List.of(big)),
                List.of("socket-plain", List.of(big)),
                List.of("io-plain", List.of(big)),
                List.of("room-plain", List.of(big)),
                List.of("socket-plain-binary", List.of(Map.of("binary", 2000))),
                List.of("io-default", List.of(big)),
                List.of("end", List.of()));
        // One line per data frame: compressed (a few bytes) or the plain packet's start.
        assertThat(of(lines, "frame")).extracting(CompressFlagIT::describeFrame).containsExactly(
                "compressed text",
                "plain 42[\"socket-plain\",\"xxxxx",
                "plain 42[\"io-plain\",\"xxxxxxxxx",
                "plain 42[\"room-plain\",\"xxxxxxx",
                "plain 451-[\"socket-plain-binar",
                "plain binary 2000",
                "compressed text",
                "plain 42[\"end\"]");
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> lines, String ev) {
        return lines.stream().filter(l -> ev.equals(l.get("ev"))).toList();
    }

    private static String describeFrame(Map<String, Object> frame) {
        int opcode = (Integer) frame.get("opcode");
        int length = (Integer) frame.get("length");
        if (Boolean.TRUE.equals(frame.get("rsv1"))) {
            assertThat(length).as("a compressed frame of 2000 x's").isLessThan(100);
            return "compressed " + (opcode == 1 ? "text" : "binary");
        }
        return opcode == 1 ? "plain " + frame.get("head") : "plain binary " + length;
    }
}
