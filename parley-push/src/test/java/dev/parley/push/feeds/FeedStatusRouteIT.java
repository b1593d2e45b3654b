package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.push.PushConfig;
import dev.parley.push.Topics;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/feeds} and the {@code feeds} readiness check as a client sees them: a real Parley server,
 * one feed that works and one that fails (its upstream answers 503), polled once each on a manual clock.
 */
class FeedStatusRouteIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ManualScheduler SCHEDULER = new ManualScheduler();
    private static Upstream upstream;
    private static Topics topics;
    private static FeedRelay relay;
    private static ParleyServer server;

    @BeforeAll
    static void start(@TempDir Path staticDir) throws Exception {
        upstream = new Upstream();
        upstream.answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/down")) {
                Upstream.send(exchange, 503, "{}");
            } else {
                Upstream.send(exchange, 200, "{\"price\":42}");
            }
        });
        topics = Topics.create(PushConfig.defaults());
        FeedRelayConfig config = FeedRelayConfig.defaults();
        relay = new FeedRelay(List.of(new FeedSpec("prices", upstream.url("/prices?apikey=s3cret"), Duration.ofSeconds(30)),
                new FeedSpec("news", upstream.url("/down"), Duration.ofMinutes(1))), config,
                FeedRelay.httpClient(config), SCHEDULER, new Backoff(config.maxBackoff(), () -> 0.0));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).staticDir(staticDir).build());
        relay.mountOn(server);
        new Health(server, Duration.ZERO, Duration.ofSeconds(30)).addCheck(FeedRelay.HEALTH_CHECK, relay::healthCheck)
                .mountOn(server);
        server.start();
        relay.start(topics);
    }

    @AfterAll
    static void stop() throws Exception {
        relay.stop();
        server.stop();
        upstream.close();
        topics.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsEveryFeedWithItsStateAndReadinessStaysUp() throws Exception {
        JsonNode pending = JSON.readTree(send("GET", "/api/feeds").body()).get("feeds");
        assertThat(pending).hasSize(2);
        assertThat(pending.get(0).get("state").asText()).isEqualTo("pending");
        assertThat(pending.get(0).get("nextAttemptAt").asText()).isEqualTo("2026-12-07T06:00:00Z");

        SCHEDULER.advance(Duration.ZERO);
        SCHEDULER.runNextOutcome();
        SCHEDULER.runNextOutcome();

        HttpResponse<String> answer = send("GET", "/api/feeds");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.body()).doesNotContain("s3cret");
        JsonNode feeds = JSON.readTree(answer.body()).get("feeds");

        JsonNode prices = feeds.get(0);
        assertThat(prices.get("name").asText()).isEqualTo("prices");
        assertThat(prices.get("topic").asText()).isEqualTo("feed:prices");
        assertThat(prices.get("url").asText()).isEqualTo(upstream.url("/prices?apikey=***").toString());
        assertThat(prices.get("everyMillis").asLong()).isEqualTo(30_000);
        assertThat(prices.get("state").asText()).isEqualTo("ok");
        assertThat(prices.get("lastSuccessAt").asText()).isEqualTo("2026-12-07T06:00:00Z");
        assertThat(prices.get("lastChangeAt").asText()).isEqualTo("2026-12-07T06:00:00Z");
        assertThat(prices.get("lastError").isNull()).isTrue();
        assertThat(prices.get("consecutiveFailures").asInt()).isZero();
        assertThat(prices.get("nextAttemptAt").asText()).isEqualTo("2026-12-07T06:00:30Z");
        assertThat(prices.get("lastEventId").asLong()).isEqualTo(topics.lastId());
        assertThat(prices.get("polls").asLong()).isEqualTo(1);
        assertThat(prices.get("published").asLong()).isEqualTo(1);

        JsonNode news = feeds.get(1);
        assertThat(news.get("state").asText()).isEqualTo("failing");
        assertThat(news.get("lastSuccessAt").isNull()).isTrue();
        assertThat(news.get("lastError").get("kind").asText()).isEqualTo("http_status");
        assertThat(news.get("lastError").get("message").asText()).isEqualTo("HTTP 503");
        assertThat(news.get("lastError").get("at").asText()).isEqualTo("2026-12-07T06:00:00Z");
        assertThat(news.get("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(news.get("nextAttemptAt").asText()).isEqualTo("2026-12-07T06:02:00Z"); // 1 min × 2
        assertThat(news.get("lastEventId").isNull()).isTrue();

        HttpResponse<String> ready = send("GET", "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("checks").get("feeds").toString()).isEqualTo(
                "{\"status\":\"degraded\",\"reason\":\"1 of 2 feeds failing: news (http_status, 1 in a row)\"}");
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws Exception {
        HttpResponse<String> post = send("POST", "/api/feeds");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/api/feeds/prices").statusCode()).isEqualTo(404);
    }
}
