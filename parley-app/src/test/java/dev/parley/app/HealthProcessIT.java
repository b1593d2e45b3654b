package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.RedisProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} of a real {@code parley serve}: the chat over a PostgreSQL database in a cluster over a Redis
 * of the test's own, ready with the three checks up; when Redis dies, 503 naming {@code redis}; when it comes
 * back, ready again. {@code /healthz} stays 200 throughout. The metrics port answers both as the main port does.
 */
class HealthProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void readinessFollowsTheDatabaseAndRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.startOnFreePort();
                PostgresDatabase db = PostgresDatabase.create();
                ServeProcess chat = ServeProcess.start(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                        "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_DB", db.jdbcUrl(),
                        "PARLEY_DB_USER", PostgresDatabase.USER), "--redis", redis.uri(),
                        "--redis-key", "health-" + UUID.randomUUID(), "--health-cache", "0s", "--metrics-port", "0")) {
            String metrics = metricsBase(chat);
            HttpResponse<String> ready = get(chat.url + "readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"up\",\"checks\":{\"server\":{\"status\":\"up\"},"
                    + "\"database\":{\"status\":\"up\"},\"redis\":{\"status\":\"up\"}}}");

            redis.kill();
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> down = get(chat.url + "readyz");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"database\":{\"status\":\"up\"}")
                        .contains("\"redis\":{\"status\":\"down\",\"reason\":\"");
                // The metrics port answers the same, for probes that must not use the public port.
                HttpResponse<String> downThere = get(metrics + "readyz");
                assertThat(downThere.statusCode()).isEqualTo(503);
                assertThat(downThere.body()).contains("\"redis\":{\"status\":\"down\"");
            });
            assertThat(get(metrics + "healthz").statusCode()).isEqualTo(200);
            assertThat(get(chat.url + "healthz").statusCode()).isEqualTo(200);

            redis.start();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(chat.url + "readyz").statusCode()).isEqualTo(200));
            assertThat(get(metrics + "readyz").statusCode()).isEqualTo(200);
        }
    }

    /** {@code http://127.0.0.1:PORT/} of the metrics listener, from the line {@code serve} prints. */
    private static String metricsBase(ServeProcess server) {
        String line = server.startupLines.stream().filter(l -> l.startsWith("Metrics at ")).findFirst()
                .orElseThrow(() -> new AssertionError("no metrics line in " + server.startupLines));
        return line.substring("Metrics at ".length()).replace("metrics", "");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
