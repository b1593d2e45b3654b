package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.DeflateReference;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate under a default {@link SocketIoServer}, as docs/socketio.md says: the WebSocket transport
 * takes the server's WebSocket options, so deflate is off unless {@code permessageDeflate} is turned on (as in
 * socket.io), and then an Engine.IO message (the WebSocket payload, {@code 42[...]} for an event) smaller than
 * 1024 bytes goes plain and one of 1024 bytes or more compressed at level 6. The official socket.io-client, with
 * its default offer, reads the events; sio-deflate-frames.mjs reports the frames as they were on the wire.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DefaultDeflateSocketIoIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCUMENTED_THRESHOLD = 1024;
    private static final int DOCUMENTED_LEVEL = 6;
    /** {@code 42["t","} and {@code "]} around the argument. */
    private static final int FRAMING = "42[\"t\",\"\"]".length();
    private static final String TEXT = DeflateReference.twoLetterText(DOCUMENTED_THRESHOLD + 1 - FRAMING, 1);
    /** Arguments making WebSocket payloads of 1023, 1024 and 1025 bytes. */
    private static final List<String> ARGS = List.of(
            TEXT.substring(0, DOCUMENTED_THRESHOLD - 1 - FRAMING), TEXT.substring(0, DOCUMENTED_THRESHOLD - FRAMING), TEXT);

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

    private List<Map<String, Object>> run(WebSocketConfig webSocket) throws Exception {
        io = new SocketIoServer(SocketIoConfig.defaults());
        io.onConnection(socket -> socket.on("go", args -> {
            for (String arg : ARGS) {
                socket.emit("t", arg);
            }
            socket.emit("end");
        }));
        ServerConfig.Builder config = ServerConfig.builder().host("127.0.0.1").port(0);
        if (webSocket != null) {
            config.webSocket(webSocket);
        }
        server = new ParleyServer(config.build()).addEngineIo(io.engine()).start();
        NodeScripts.Result result = NodeScripts.run(SCRIPT_TIMEOUT, "sio-deflate-frames.mjs", server.url());
        assertThat(result.exitCode()).as("node script failed: %s", result).isZero();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : result.lines()) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        // Every event arrived whole, whichever way it travelled.
        assertThat(of(lines, "event")).extracting(e -> List.of(e.get("name"), e.get("args"))).containsExactly(
                List.of("t", List.of(ARGS.get(0))), List.of("t", List.of(ARGS.get(1))), List.of("t", List.of(ARGS.get(2))),
                List.of("end", List.of()));
        return lines;
    }

    @Test
    void withDeflateTurnedOnTheThresholdIs1024AndTheLevelSix() throws Exception {
        List<Map<String, Object>> lines = run(WebSocketConfig.builder().permessageDeflate(true).build());
        assertThat(of(lines, "deflate").get(0).get("params")).as("negotiated, context takeover both ways")
                .isEqualTo(Map.of());

        byte[] below = payload(ARGS.get(0));
        byte[] at = payload(ARGS.get(1));
        byte[] above = payload(ARGS.get(2));
        assertThat(List.of(below.length, at.length, above.length)).containsExactly(1023, 1024, 1025);
        List<byte[]> levelSix = DeflateReference.compress(DOCUMENTED_LEVEL, at, above);
        for (int level = 0; level <= 9; level++) {
            if (level != DOCUMENTED_LEVEL) {
                assertThat(DeflateReference.compress(level, at).get(0)).as("level %d tells apart", level)
                        .isNotEqualTo(levelSix.get(0));
            }
        }
        // The Engine.IO open and Socket.IO CONNECT packets were plain (small): the compressor starts with these.
        assertThat(of(lines, "frame")).extracting(f -> List.of(f.get("rsv1"), f.get("opcode"), f.get("payload")))
                .containsExactly(
                        List.of(false, 1, base64(below)),
                        List.of(true, 1, base64(levelSix.get(0))),
                        List.of(true, 1, base64(levelSix.get(1))),
                        List.of(false, 1, base64("42[\"end\"]".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void byDefaultTheClientsOfferIsDeclinedAndNothingIsCompressed() throws Exception {
        List<Map<String, Object>> lines = run(null);
        assertThat(of(lines, "deflate").get(0).get("params")).isNull();
        assertThat(of(lines, "frame")).extracting(f -> f.get("rsv1")).containsExactly(false, false, false, false);
    }

    private static byte[] payload(String arg) {
        return ("42[\"t\",\"" + arg + "\"]").getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> lines, String ev) {
        return lines.stream().filter(l -> ev.equals(l.get("ev"))).toList();
    }
}
