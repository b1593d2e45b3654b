package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real {@code parley serve} with official socket.io clients (Node) connected: {@code /readyz}
 * says draining at once; every client is told "transport close" (so it reconnects by itself; "io server
 * disconnect" would leave it disconnected), the disconnections spread at {@code --drain-rate}; the clients land
 * on a second node; the process exits 0. A WebSocket client frozen with SIGSTOP does not hold the exit past
 * {@code --drain-timeout}.
 */
class DrainProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(ServeProcess.WAIT_SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CLIENTS = 20;
    private static final int RATE = 10;

    @Test
    void sigtermDrainsTheClientsAtTheRateToAnotherNodeAndExitsZero() throws Exception {
        Map<String, String> echo = Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0");
        try (ServeProcess second = ServeProcess.start(echo);
                ServeProcess first = ServeProcess.start(echo, "--drain-readiness-delay", "3s",
                        "--drain-rate", String.valueOf(RATE), "--drain-timeout", "40s")) {
            HttpResponse<String> ready = get(first.url + "readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).startsWith("{\"status\":\"up\"");

            try (NodeProcess clients = NodeProcess.start(Map.of(), "sio-drain.mjs", first.url, second.url,
                    String.valueOf(CLIENTS), "90000")) {
                clients.await(l -> l.contains("\"all-connected\""), WAIT);

                first.process.destroy(); // SIGTERM
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    HttpResponse<String> draining = get(first.url + "readyz");
                    assertThat(draining.statusCode()).isEqualTo(503);
                    assertThat(draining.body()).contains("\"server\":{\"status\":\"down\",\"reason\":\"draining\"}");
                });

                clients.await(l -> l.contains("\"all-reconnected\""), WAIT);
                assertThat(first.process.waitFor(40, TimeUnit.SECONDS)).as("exits before --drain-timeout").isTrue();
                assertThat(first.process.exitValue()).isZero();

                List<JsonNode> disconnects = observations(clients, "disconnect");
                assertThat(disconnects).hasSize(CLIENTS);
                for (JsonNode disconnect : disconnects) {
                    assertThat(disconnect.get("reason").asText()).isEqualTo("transport close");
                    assertThat(disconnect.get("active").asBoolean()).as("reconnects by itself").isTrue();
                }
                long firstAt = disconnects.stream().mapToLong(d -> d.get("at").asLong()).min().orElseThrow();
                long lastAt = disconnects.stream().mapToLong(d -> d.get("at").asLong()).max().orElseThrow();
                // 20 clients at 10/s: about 1.9 s from the first to the last; all at once would be milliseconds.
                assertThat(lastAt - firstAt).isGreaterThan(1000);
                String secondPort = String.valueOf(URI.create(second.url).getPort());
                List<JsonNode> back = observations(clients, "reconnected");
                assertThat(back).hasSize(CLIENTS);
                assertThat(back).allSatisfy(r -> assertThat(r.get("port").asText()).isEqualTo(secondPort));
            }
        }
    }

    @Test
    void aFrozenClientDoesNotHoldTheExitPastTheDrainTimeout() throws Exception {
        // A WebSocket client (Node's ws) frozen with SIGSTOP never answers the server's close frame: the server
        // would wait for it up to the close timeout (60 s here); only the drain's hard limit (3 s) ends it sooner.
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "demo", "PARLEY_PORT", "0"),
                "--drain-timeout", "3s", "--ws-close-timeout", "60s");
                NodeProcess client = NodeProcess.start(Map.of(), "ws-hold.mjs",
                        server.url.replace("http://", "ws://") + "ws/echo")) {
            client.await("open"::equals, WAIT);
            signal("STOP", client.pid());
            try {
                long sent = System.nanoTime();
                server.process.destroy(); // SIGTERM
                assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("exits").isTrue();
                assertThat(server.process.exitValue()).isZero();
                // Held until the hard limit (3 s), and not much longer: the process exits once all is closed.
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("exits soon after --drain-timeout")
                        .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(6));
            } finally {
                signal("CONT", client.pid());
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> observations(NodeProcess node, String event) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : node.printed(l -> l.contains("\"ev\":\"" + event + "\""))) {
            found.add(JSON.readTree(line));
        }
        return found;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
    }
}
