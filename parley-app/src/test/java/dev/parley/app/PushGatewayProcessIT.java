package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.parley.testkit.Chromium;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code parley serve --app push} as a user runs it: two servers joined through Redis, the demo page in
 * Chromium on server A, events published over HTTP on server B, from the page (a Socket.IO handler), and
 * relayed from an upstream HTTP feed. Every transport of the page must show every event.
 */
class PushGatewayProcessIT {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final String TOKEN = "push-test-token-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TRANSPORTS = List.of("socketio", "websocket", "sse", "longpoll", "shortpoll");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String key;
    private static HttpServer upstream;
    private static volatile String upstreamBody = "{\"price\":1}";
    private static ServeProcess nodeA;
    private static ServeProcess nodeB;
    private static Chromium chromium;

    @BeforeAll
    static void startCluster() throws Exception {
        key = "parley-push-it-" + UUID.randomUUID();
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/prices", exchange -> {
            byte[] body = upstreamBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_APP", "push", "PARLEY_PORT", "0",
                "PARLEY_REDIS", REDIS, "PARLEY_REDIS_KEY", key, "PARLEY_PUBLISH_TOKEN", TOKEN));
        String feed = "prices=http://127.0.0.1:" + upstream.getAddress().getPort() + "/prices,every=1s";
        CompletableFuture<ServeProcess> startingB = CompletableFuture.supplyAsync(() -> start(env));
        try {
            nodeA = ServeProcess.start(env, "--feed", feed);
        } finally {
            nodeB = startingB.join();
        }
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try (Chromium browser = chromium; ServeProcess a = nodeA; ServeProcess b = nodeB) {
            upstream.stop(0);
        } finally {
            RedisClient client = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                List<String> keys = redis.sync().keys(key + "*");
                if (!keys.isEmpty()) {
                    redis.sync().del(keys.toArray(String[]::new));
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void oneEventReachesEveryTransportOfThePageOnTheOtherServer() throws Exception {
        try (var context = chromium.browser().newContext(); Page page = context.newPage()) {
            page.navigate(nodeA.url);
            for (String transport : TRANSPORTS) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(pane(page, transport, "state").getAttribute("data-ok"))
                        .as(transport).isEqualTo("true"));
            }

            HttpResponse<String> published = publish(nodeB.url, "{\"topic\":\"demo\",\"data\":{\"text\":\"from B\",\"sentAt\":"
                    + System.currentTimeMillis() + "}}");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            for (String transport : TRANSPORTS) {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(pane(page, transport, "count").textContent()).as(transport).isEqualTo("1");
                    assertThat(pane(page, transport, "last").textContent()).as(transport).contains("from B");
                });
            }

            // The page's own button publishes through a Socket.IO handler on server A.
            page.fill("#publish-text", "from the page");
            page.click("#publish-form button[type=submit]");
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(page.textContent("#publish-result")).startsWith("published #"));
            for (String transport : TRANSPORTS) {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(pane(page, transport, "count").textContent()).as(transport).isEqualTo("2");
                    assertThat(pane(page, transport, "last").textContent()).as(transport).contains("from the page");
                    assertThat(pane(page, transport, "latency").textContent()).as(transport).endsWith(" ms");
                });
            }
        }
    }

    @Test
    void publishingNeedsTheTokenAndSaysWhy() throws Exception {
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(nodeB.url + "api/publish"))
                .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"topic\":\"demo\",\"data\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\"");
    }

    @Test
    void anUpstreamFeedRelayedByOneServerIsPolledOnTheOther() throws Exception {
        String url = nodeB.url + "api/topics/feed:prices/events?after=0";
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(url)).contains("\"price\":1"));
        upstreamBody = "{\"price\":2}";
        await().atMost(WAIT).untilAsserted(() -> assertThat(get(url)).contains("\"price\":2"));
        assertThat(get(nodeA.url + "api/feeds")).contains("prices");
    }

    private static com.microsoft.playwright.Locator pane(Page page, String transport, String output) {
        return page.locator("section[data-transport=" + transport + "] ." + output);
    }

    private static HttpResponse<String> publish(String base, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/publish"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static ServeProcess start(Map<String, String> env) {
        try {
            return ServeProcess.start(env);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
