package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code parley serve --metrics-port} as a user runs it: every application is measured, the listener binds
 * loopback by default, and without the option there is none.
 */
class MetricsProcessIT {
    private static final String METRICS_AT = "Metrics at ";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private String scrape(String metricsUrl) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String metricsUrl(ServeProcess server) {
        String line = server.startupLines.stream().filter(l -> l.startsWith(METRICS_AT)).findFirst()
                .orElseThrow(() -> new AssertionError("no metrics line in " + server.startupLines));
        return line.substring(METRICS_AT.length());
    }

    @ParameterizedTest(name = "--app {0}")
    @ValueSource(strings = {"chat", "echo"})
    void socketIoApplicationsCountTheirSessions(String app) throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", app, "PARLEY_PORT", "0",
                "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_METRICS_PORT", "0"))) {
            String metrics = metricsUrl(server);
            assertThat(metrics).startsWith("http://127.0.0.1:").endsWith("/metrics");
            assertThat(scrape(metrics)).contains("parley_handshakes_total{protocol=\"engineio\"} 0.0");
            HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(
                    URI.create(server.url + "socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(handshake.body()).startsWith("0{\"sid\":");
            assertThat(scrape(metrics)).contains("parley_handshakes_total{protocol=\"engineio\"} 1.0",
                    "parley_connections{transport=\"polling\"} 1.0");
        }
    }

    @Test
    void theDemoCountsItsRawWebSockets() throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "demo", "PARLEY_PORT", "0"),
                "--metrics-port", "0")) {
            String metrics = metricsUrl(server);
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(server.url.replace("http://", "ws://") + "ws/echo"), new WebSocketRecorder())
                    .get(ServeProcess.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(scrape(metrics)).contains("parley_connections{transport=\"raw\"} 1.0",
                    "parley_websocket_connections{endpoint=\"/ws/echo\"} 1.0");
            ws.abort();
        }
    }

    @Test
    void withoutAPortThereIsNoMetricsListener() throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "demo", "PARLEY_PORT", "0"))) {
            assertThat(server.startupLines).noneMatch(line -> line.startsWith(METRICS_AT));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("no /metrics on the main port").isEqualTo(404);
        }
    }
}
