package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.testkit.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Engine.IO options and error answers as docs/socketio.md documents them, spoken over the JDK's HTTP and
 * WebSocket clients: every {@code {"code":N}} error body, {@code EIO=3}, {@code transports},
 * {@code allowUpgrades=false} and {@code upgradeTimeout}.
 */
class EngineIoOptionsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, CompletableFuture<CloseReason>> closeReasons = new ConcurrentHashMap<>();
    private ParleyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private void start(EngineIoConfig.Builder config) throws Exception {
        EngineIoServer engine = new EngineIoServer(config.build(), new EngineIoListener() {
            @Override
            public void onMessage(EngineIoSocket socket, String text) {
                socket.send(text);
            }

            @Override
            public void onClose(EngineIoSocket socket, CloseReason reason) {
                closeReason(socket.id()).complete(reason);
            }
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(engine).start();
    }

    private CompletableFuture<CloseReason> closeReason(String sid) {
        return closeReasons.computeIfAbsent(sid, k -> new CompletableFuture<>());
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/engine.io/?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String query, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/engine.io/?" + query))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session and returns its sid. */
    private String handshake() throws Exception {
        HttpResponse<String> open = get("EIO=4&transport=polling");
        assertThat(open.statusCode()).isEqualTo(200);
        return open.body().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void everyErrorHasTheReferenceCodeAndMessage() throws Exception {
        start(EngineIoConfig.builder().allowRequest(request -> request.queryParam("deny").isEmpty()));
        assertError(get("EIO=4&transport=carrier-pigeon"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertError(get("EIO=4&transport=polling&sid=nobody"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertError(post("EIO=4&transport=polling", "4hi"), 400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
        String sid = handshake();
        assertError(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/engine.io/?EIO=4&transport=polling&sid=" + sid))
                .PUT(HttpRequest.BodyPublishers.ofString("4hi")).build(), HttpResponse.BodyHandlers.ofString()),
                400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertError(get("EIO=4&transport=polling&deny=1"), 403, "{\"code\":4,\"message\":\"Forbidden\"}");
    }

    @Test
    void engineIoVersion3IsRefusedAsUnsupported() throws Exception {
        start(EngineIoConfig.builder());
        assertError(get("EIO=3&transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertError(get("transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    }

    @Test
    void aTransportLeftOutOfTransportsIsUnknown() throws Exception {
        start(EngineIoConfig.builder().transports(Set.of(EngineIoConfig.WEBSOCKET)));
        assertError(get("EIO=4&transport=polling"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        WebSocketRecorder client = new WebSocketRecorder();
        webSocket("", client);
        assertThat((String) client.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .startsWith("0{\"sid\":").contains("\"upgrades\":[]");
    }

    @Test
    void withoutAllowUpgradesNoUpgradeIsOfferedAndAProbeIsRefused() throws Exception {
        start(EngineIoConfig.builder().allowUpgrades(false));
        HttpResponse<String> open = get("EIO=4&transport=polling");
        assertThat(open.body()).contains("\"upgrades\":[]");
        String sid = open.body().replaceAll("^0\\{\"sid\":\"([^\"]+)\".*", "$1");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> webSocket("&sid=" + sid, new WebSocketRecorder()));
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(400);
        // The polling session is untouched.
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "4still here").body()).isEqualTo("ok");
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("4still here");
    }

    @Test
    void aProbeThatNeverFinishesTheUpgradeIsClosedAfterUpgradeTimeoutAndPollingGoesOn() throws Exception {
        start(EngineIoConfig.builder().upgradeTimeout(Duration.ofMillis(300)));
        String sid = handshake();
        WebSocketRecorder probe = new WebSocketRecorder();
        long probing = System.nanoTime();
        WebSocket ws = webSocket("&sid=" + sid, probe);
        ws.sendText("2probe", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(probe.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("3probe");
        // No "5" (upgrade) follows: the server gives up on the probe, and only on the probe.
        probe.closed.handle((code, error) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - probing)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(closeReason(sid)).isNotDone();
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "4after the probe").body()).isEqualTo("ok");
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("4after the probe");
    }

    private WebSocket webSocket(String query, WebSocketRecorder recorder) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http://", "ws://") + "/engine.io/?EIO=4&transport=websocket"
                        + query), recorder)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertError(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(body);
    }
}
