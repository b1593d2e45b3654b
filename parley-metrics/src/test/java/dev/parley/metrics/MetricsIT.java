package dev.parley.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.socketio.ConnectError;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.testkit.NodeProcess;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /metrics} scraped over HTTP while real clients run: the official socket.io-client in Node (a
 * WebSocket client, a polling client, one that upgrades, two refused joins) and the JDK's WebSocket client
 * on a raw endpoint. The figures must move as the clients do: connections up then down by transport,
 * sockets and rooms per namespace, messages and bytes, broadcasts and their recipients, acks pending and
 * timed out, handshake failures by reason, close codes, upgrades, the handler queue delay.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ParleyMetrics metrics;
    private SocketIoServer io;
    private ParleyServer server;
    private MetricsServer metricsServer;

    @BeforeAll
    static void installTheNodeClient() {
        NodeScripts.installedDirectory();
    }

    @BeforeEach
    void start() throws Exception {
        metrics = ParleyMetrics.create();
        io = new SocketIoServer(SocketIoConfig.builder()
                // short heartbeats, so that a client that stops answering is timed out within a second
                .engine(EngineIoConfig.builder().path("/socket.io/")
                        .pingInterval(Duration.ofMillis(400)).pingTimeout(Duration.ofMillis(400))
                        .observer(metrics.engineIoObserver("/socket.io/")).build())
                .observer(metrics.socketIoObserver())
                .build());
        io.onConnection(socket -> socket.on("msg", args -> {
            socket.join("room-a");
            io.to("room-a").emit("news", "n");
            socket.timeout(Duration.ofMillis(200)).emitWithAck("ignore");
            socket.emit("echo", args.get(0));
        }));
        io.of("/private").use((socket, next) -> next.fail(new ConnectError("not you")));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().observer(metrics.webSocketObserver()).build())
                .build())
                .addEngineIo(io.engine())
                .addEndpoint(EchoEndpoint.create())
                .start();
        metricsServer = new MetricsServer(metrics, MetricsServer.DEFAULT_HOST, 0).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (server != null) {
            server.stop();
        }
        if (io != null) {
            io.close();
        }
        metrics.close();
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(metricsServer.url() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsServer.TEXT_FORMAT);
        return PrometheusText.parse(response.body());
    }

    @Test
    void socketIoClientsMoveTheFigures() throws Exception {
        PrometheusText before = scrape();
        assertThat(before.value("parley_connections", "transport", "websocket")).isZero();
        try (NodeProcess node = NodeProcess.start(Map.of(), "sio-metrics.mjs", server.url())) {
            node.await(line -> line.contains("\"connected\""), WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText now = scrape();
                // the WebSocket-only client and the upgraded one; the polling-only one
                assertThat(now.value("parley_connections", "transport", "websocket")).isEqualTo(2);
                assertThat(now.value("parley_connections", "transport", "polling")).isEqualTo(1);
                assertThat(now.value("parley_connections", "transport", "raw")).isZero();
                assertThat(now.value("parley_socketio_sockets", "namespace", "/")).isEqualTo(3);
            });
            PrometheusText connected = scrape();
            assertThat(connected.value("parley_engineio_upgrades_total")).isEqualTo(1);
            assertThat(connected.value("parley_handshake_failures_total", "protocol", "socketio",
                    "reason", "invalid_namespace")).isEqualTo(1);
            assertThat(connected.value("parley_handshake_failures_total", "protocol", "socketio",
                    "reason", "middleware")).isEqualTo(1);
            assertThat(connected.value("parley_handshakes_total", "protocol", "socketio")).isEqualTo(3);
            assertThat(connected.value("parley_socketio_sockets", "namespace", "/private")).isZero();
            double rooms = connected.value("parley_socketio_rooms", "namespace", "/");

            node.send("go");
            node.await(line -> line.contains("\"sent\""), WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText now = scrape();
                assertThat(now.value("parley_socketio_ack_timeouts_total", "namespace", "/")).isEqualTo(3);
                assertThat(now.value("parley_socketio_acks_pending", "namespace", "/")).isZero();
            });
            PrometheusText sent = scrape();
            double messagesIn = sent.sum("parley_engineio_messages_received_total")
                    - connected.sum("parley_engineio_messages_received_total");
            assertThat(messagesIn).isEqualTo(3); // one "msg" per client
            // 42["msg","xxx...x"]: 100 x and the packet around them, on each transport
            assertThat(sent.sum("parley_engineio_received_bytes_total")
                    - connected.sum("parley_engineio_received_bytes_total")).isGreaterThanOrEqualTo(3 * 100);
            assertThat(sent.value("parley_engineio_messages_received_total", "transport", "polling")
                    - connected.value("parley_engineio_messages_received_total", "transport", "polling")).isEqualTo(1);
            // per client: its news broadcasts, its "ignore" and its "echo"
            assertThat(sent.sum("parley_engineio_messages_sent_total")
                    - connected.sum("parley_engineio_messages_sent_total")).isGreaterThanOrEqualTo(3 * 3);
            assertThat(sent.value("parley_socketio_broadcasts_total", "namespace", "/")).isEqualTo(3);
            // the room grows as the clients join: 1 + 2 + 3 recipients, if no broadcast overtook a join
            assertThat(sent.value("parley_socketio_broadcast_recipients_total", "namespace", "/")).isBetween(3.0, 9.0);
            assertThat(sent.value("parley_socketio_rooms", "namespace", "/")).isEqualTo(rooms + 1); // room-a
            assertThat(sent.value("parley_handler_queue_delay_seconds_count", "layer", "engineio")).isPositive();
            assertThat(sent.value("parley_websocket_received_bytes_total", "endpoint", "/socket.io/")).isPositive();

            node.send("close");
            node.await(line -> line.contains("\"done\""), WAIT);
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText now = scrape();
                assertThat(now.sum("parley_connections")).isZero();
                assertThat(now.value("parley_socketio_sockets", "namespace", "/")).isZero();
                assertThat(now.sum("parley_engineio_sessions")).isZero();
            });
        }
    }

    @Test
    void aRawEndpointCountsItsConnectionMessagesBytesAndCloseCode() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http", "ws") + EchoEndpoint.PATH), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        PrometheusText open = scrape();
        assertThat(open.value("parley_connections", "transport", "raw")).isEqualTo(1);
        assertThat(open.value("parley_websocket_connections", "endpoint", EchoEndpoint.PATH)).isEqualTo(1);

        ws.sendText("hello metrics", true);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello metrics");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("parley_websocket_messages_received_total", "endpoint", EchoEndpoint.PATH)).isEqualTo(1);
            assertThat(now.value("parley_websocket_messages_sent_total", "endpoint", EchoEndpoint.PATH)).isEqualTo(1);
        });
        PrometheusText echoedScrape = scrape();
        // 13 bytes of text: a 2-byte header, a 4-byte mask from the client; no mask from the server
        assertThat(echoedScrape.value("parley_websocket_received_bytes_total", "endpoint", EchoEndpoint.PATH)).isEqualTo(19);
        assertThat(echoedScrape.value("parley_websocket_sent_bytes_total", "endpoint", EchoEndpoint.PATH)).isEqualTo(15);
        assertThat(echoedScrape.value("parley_handler_queue_delay_seconds_count", "layer", "websocket")).isEqualTo(1);

        ws.sendClose(4000, "bye").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("parley_websocket_closes_total", "endpoint", EchoEndpoint.PATH, "code", "4000")).isEqualTo(1);
            assertThat(now.value("parley_connections", "transport", "raw")).isZero();
        });
    }

    @Test
    void refusedHandshakesAreCountedByReason() throws Exception {
        // Engine.IO v3 is not spoken: the reference server's error 5
        HttpResponse<String> v3 = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/socket.io/?EIO=3&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v3.statusCode()).isEqualTo(400);
        // a plain GET on a WebSocket endpoint: no Upgrade header
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + EchoEndpoint.PATH)).build(),
                HttpResponse.BodyHandlers.ofString());
        PrometheusText now = scrape();
        assertThat(now.value("parley_handshake_failures_total", "protocol", "engineio",
                "reason", "unsupported_protocol_version")).isEqualTo(1);
        assertThat(now.value("parley_handshake_failures_total", "protocol", "websocket",
                "reason", Integer.toString(plain.statusCode()))).isEqualTo(1);
    }

    @Test
    void aClientThatStopsAnsweringPingsIsAHeartbeatTimeout() throws Exception {
        // An Engine.IO handshake over polling, then silence: no poll takes the ping, no pong comes back.
        HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.body()).startsWith("0{\"sid\"");
        assertThat(scrape().value("parley_connections", "transport", "polling")).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText now = scrape();
            assertThat(now.value("parley_engineio_heartbeat_timeouts_total")).isEqualTo(1);
            assertThat(now.value("parley_engineio_closes_total", "reason", "ping_timeout")).isEqualTo(1);
            assertThat(now.value("parley_connections", "transport", "polling")).isZero();
        });
    }

    @Test
    void theScrapeIsValidAndHasTheJvmAndNettyGauges() throws Exception {
        PrometheusText text = scrape();
        assertThat(text.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "parley_netty_direct_memory_max_bytes", "parley_connections");
        assertThat(text.names().stream().filter(n -> n.startsWith("jvm_gc"))).isNotEmpty();
        assertThat(text.type("parley_handler_queue_delay_seconds")).isEqualTo("histogram");
        assertThat(text.type("parley_handshakes_total")).isEqualTo("counter");
        assertThat(text.type("parley_connections")).isEqualTo("gauge");
        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(metricsServer.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(metricsServer.host()).isEqualTo("127.0.0.1");
    }
}
