package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.Transport;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One server per network transport that loads here (io_uring, epoll, NIO: {@code --transport}), each serving
 * Node's {@code ws} client on the built-in echo endpoint and the official {@code socket.io-client} over
 * WebSocket and polling: connect, an event each way, an ack, disconnect. A transport that does not load
 * here is skipped, with the reason (TransportsTest and ServeCommandProcessIT check the refusal).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WS_ECHOED = {
        "extensions (none)", "text 5 ok", "text 21 ok", "text 99000 ok", "binary 70000 ok", "text 0 ok", "text 2000 ok",
        "text 2000 ok", "close 1000",
    };

    private ParleyServer server;
    private SocketIoServer io;

    @BeforeAll
    static void installTheNodeClients() {
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
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void servesWebSocketAndSocketIoClients(Transport transport) throws Exception {
        assumeTrue(transport.unavailability().isEmpty(), () -> transport + " does not load here: " + transport.unavailability());
        io = new SocketIoServer(SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build());
        io.onConnection(socket -> {
            socket.on("hello", args -> socket.emit("reply", "welcome", socket.id(), args.get(0), args.get(1), args.get(2)));
            socket.on("hello-ack", args -> args.ack("got", args.get(0), Map.of("transport", socket.transport())));
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).transport(transport).build())
                .addEndpoint(EchoEndpoint.create())
                .addEngineIo(io.engine())
                .start();
        assertThat(server.transportName()).isEqualTo(transport.wireName());

        NodeScripts.Result ws = NodeScripts.run(SCRIPT_TIMEOUT, "ws-echo.mjs",
                server.url().replace("http://", "ws://") + EchoEndpoint.PATH, "plain");
        assertThat(ws.exitCode()).as(ws.toString()).isZero();
        assertThat(ws.lines()).containsExactly(WS_ECHOED);

        for (String engineTransport : List.of("websocket", "polling")) {
            List<Map<String, Object>> seen = observations(NodeScripts.run(SCRIPT_TIMEOUT, "sio-basic.mjs", server.url(), engineTransport));
            Map<String, Object> third = Map.of("three", Arrays.asList(3, 3.5, true, null));
            assertThat(first(seen, "connect")).containsEntry("transport", engineTransport);
            assertThat(first(seen, "reply").get("args")).asList().containsExactly("welcome", first(seen, "connect").get("id"), 1, "two", third);
            assertThat(first(seen, "ack").get("args")).isEqualTo(List.of("got", "x", Map.of("transport", engineTransport)));
            assertThat(first(seen, "disconnect")).containsEntry("reason", "io client disconnect");
        }
    }

    private static List<Map<String, Object>> observations(NodeScripts.Result result) throws Exception {
        assertThat(result.exitCode()).as("node script failed: %s", result).isZero();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : result.lines()) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        assertThat(lines).as("%s", result).isNotEmpty().last().isEqualTo(Map.of("ev", "done"));
        return lines;
    }

    private static Map<String, Object> first(List<Map<String, Object>> lines, String ev) {
        return lines.stream().filter(l -> ev.equals(l.get("ev"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + ev + " in " + lines));
    }
}
