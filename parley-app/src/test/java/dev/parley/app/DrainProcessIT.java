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
 * on a second node; the process exits 0. A client frozen with SIGSTOP does not hold the exit past
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
        // A polling session closing waits for its client's next poll, up to the ping timeout (60 s here): only
        // the drain's hard limit (3 s) can end it sooner.
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"),
                "--drain-timeout", "3s", "--ping-timeout", "60000");
                NodeProcess clients = NodeProcess.start(Map.of(), "sio-drain.mjs", server.url, server.url, "2", "90000")) {
            clients.await(l -> l.contains("\"all-connected\""), WAIT);
            signal("STOP", clients.pid());
            try {
                long sent = System.nanoTime();
                server.process.destroy(); // SIGTERM
                assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).as("exits soon after --drain-timeout").isTrue();
                assertThat(server.process.exitValue()).isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            } finally {
                signal("CONT", clients.pid());
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
