package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.testkit.LogTap;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay against a real upstream HTTP server on loopback ({@link Upstream}), through the JDK's HttpClient,
 * on a manual clock: each poll is started by moving the clock to the next attempt the relay planned, and its
 * outcome is handled on the test's thread.
 */
class FeedRelayIT {
    private static final Duration EVERY = Duration.ofSeconds(30);
    private static final FeedRelayConfig CONFIG = FeedRelayConfig.defaults();
    private static Upstream upstream;
    private static HttpClient client;

    private final ManualScheduler scheduler = new ManualScheduler();
    private Topics topics;
    private FeedRelay relay;

    @BeforeAll
    static void startUpstream() throws IOException {
        upstream = new Upstream();
        client = FeedRelay.httpClient(CONFIG);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void topics() {
        topics = Topics.create(PushConfig.defaults());
        upstream.requests().clear();
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.stop();
        }
        topics.close();
    }

    /** A started relay of one feed, {@code prices}, polling {@code path} every 30 s; jitter off. */
    private FeedRelay relay(String path, FeedRelayConfig config) {
        FeedSpec spec = new FeedSpec("prices", upstream.url(path), EVERY);
        relay = new FeedRelay(List.of(spec), config, client, scheduler, new Backoff(config.maxBackoff(), () -> 0.0));
        return relay.start(topics);
    }

    private FeedRelay relay(String path) {
        return relay(path, CONFIG);
    }

    /** Moves the clock to the next poll the relay planned, and handles its outcome. */
    private FeedStatus poll() throws InterruptedException {
        scheduler.advanceTo(status().nextAttemptAt());
        scheduler.runNextOutcome();
        return status();
    }

    private FeedStatus status() {
        return relay.status().get(0);
    }

    private List<String> published() {
        return topics.replay("feed:prices", 0, 100).events().stream().map(TopicEvent::data).toList();
    }

    @Test
    void publishesEachChangeOnceAndTheSameContentNever() throws Exception {
        String[] body = {"{\"eur\":1.08}"};
        upstream.answer(exchange -> Upstream.send(exchange, 200, body[0]));
        relay("/prices");

        FeedStatus first = poll();
        assertThat(published()).containsExactly("{\"eur\":1.08}");
        assertThat(first.state()).isEqualTo("ok");
        assertThat(first.lastEventId()).isEqualTo(topics.lastId());
        assertThat(first.nextAttemptAt()).isEqualTo(scheduler.nowMillis() + EVERY.toMillis());

        poll();
        poll(); // the same bytes twice more: nothing
        assertThat(published()).containsExactly("{\"eur\":1.08}");

        body[0] = "{\"eur\":1.09}";
        FeedStatus changed = poll();
        poll();
        assertThat(published()).containsExactly("{\"eur\":1.08}", "{\"eur\":1.09}");
        assertThat(changed.lastEventId()).isEqualTo(topics.lastId());
        assertThat(status().polls()).isEqualTo(5);
        assertThat(status().published()).isEqualTo(2);
        assertThat(upstream.requests()).hasSize(5)
                .allSatisfy(r -> assertThat(r.headers().getFirst("If-None-Match")).isNull());
    }

    @Test
    void sendsTheValidatorsItWasGivenAndA304PublishesNothing() throws Exception {
        String etag = "\"v1\"";
        String lastModified = "Mon, 07 Dec 2026 05:00:00 GMT";
        upstream.answer(exchange -> {
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            Upstream.send(exchange, 200, "[1,2,3]");
        });
        relay("/list");

        poll();
        assertThat(upstream.lastRequest().headers().getFirst("If-None-Match")).isNull();
        assertThat(upstream.lastRequest().headers().getFirst("If-Modified-Since")).isNull();
        FeedStatus afterNotModified = poll();

        assertThat(upstream.lastRequest().headers().getFirst("If-None-Match")).isEqualTo(etag);
        assertThat(upstream.lastRequest().headers().getFirst("If-Modified-Since")).isEqualTo(lastModified);
        assertThat(published()).containsExactly("[1,2,3]");
        assertThat(afterNotModified.state()).isEqualTo("ok");
        assertThat(afterNotModified.lastSuccessAt()).isEqualTo(scheduler.nowMillis());
        assertThat(afterNotModified.lastChangeAt()).isEqualTo(ManualScheduler.START);
    }

    @Test
    void errorsBackOffExponentiallyUpToTheCapAndLogOncePerStateChange() throws Exception {
        int[] status = {503};
        upstream.answer(exchange -> Upstream.send(exchange, status[0], status[0] == 200 ? "{\"up\":true}" : "{}"));
        relay("/flaky", CONFIG.withMaxBackoff(Duration.ofMinutes(3)));
        try (LogTap log = LogTap.start()) {
            long[] pauses = new long[5];
            for (int i = 0; i < pauses.length; i++) {
                FeedStatus failing = poll();
                assertThat(failing.state()).isEqualTo("failing");
                assertThat(failing.consecutiveFailures()).isEqualTo(i + 1);
                assertThat(failing.lastError().kind()).isEqualTo("http_status");
                assertThat(failing.lastError().message()).isEqualTo("HTTP 503");
                pauses[i] = failing.nextAttemptAt() - scheduler.nowMillis();
            }
            // 30 s × 2^n: 60 s, 120 s, then the cap of 3 min
            assertThat(pauses).containsExactly(60_000, 120_000, 180_000, 180_000, 180_000);
            assertThat(relay.healthCheck().up()).isTrue();
            assertThat(relay.healthCheck().reason()).isEqualTo("1 of 1 feeds failing: prices (http_status, 5 in a row)");

            status[0] = 500; // another status, the same kind of failure: no new line
            poll();
            status[0] = 200;
            FeedStatus recovered = poll();
            assertThat(recovered.state()).isEqualTo("ok");
            assertThat(recovered.consecutiveFailures()).isZero();
            assertThat(recovered.lastError().message()).isEqualTo("HTTP 500"); // kept, for the record
            assertThat(recovered.nextAttemptAt() - scheduler.nowMillis()).isEqualTo(EVERY.toMillis());
            assertThat(published()).containsExactly("{\"up\":true}");
            assertThat(relay.healthCheck()).isEqualTo(dev.parley.server.CheckResult.ok());

            assertThat(log.containing("feed prices: failing")).hasSize(1);
            assertThat(log.containing("feed prices: failing").get(0)).contains("http_status: HTTP 503");
            assertThat(log.containing("feed prices: recovered")).hasSize(1);
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerTimesOutAndIsRetried() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer(exchange -> {
            arrived.countDown();
            await(release);
        });
        relay("/slow");
        try {
            scheduler.advanceTo(status().nextAttemptAt());
            assertThat(arrived.await(60, TimeUnit.SECONDS)).isTrue();
            scheduler.advance(CONFIG.timeout()); // the deadline passes, on the manual clock
            scheduler.runNextOutcome();

            FeedStatus timedOut = status();
            assertThat(timedOut.state()).isEqualTo("failing");
            assertThat(timedOut.lastError().kind()).isEqualTo("timeout");
            assertThat(timedOut.lastError().message()).isEqualTo("no complete answer within 10000 ms");
            assertThat(timedOut.nextAttemptAt()).isGreaterThan(scheduler.nowMillis());
            assertThat(published()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBodyThatTricklesTimesOutToo() throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        upstream.answer(exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("[".repeat(10).getBytes());
            exchange.getResponseBody().flush();
            halfSent.countDown();
            await(release);
        });
        relay("/trickle");
        try {
            scheduler.advanceTo(status().nextAttemptAt());
            assertThat(halfSent.await(60, TimeUnit.SECONDS)).isTrue();
            scheduler.advance(CONFIG.timeout());
            scheduler.runNextOutcome();
            assertThat(status().lastError().kind()).isEqualTo("timeout");
            assertThat(published()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBodyPastTheLimitIsAbortedWhileItIsRead() throws Exception {
        long offered = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(1);
        upstream.answer(exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (OutputStream body = exchange.getResponseBody()) {
                while (written.get() < offered) {
                    body.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                // the relay closed the connection
            } finally {
                finished.countDown();
            }
        });
        relay("/huge");

        FeedStatus tooLarge = poll();
        assertThat(tooLarge.lastError().kind()).isEqualTo("too_large");
        assertThat(tooLarge.lastError().message()).startsWith("the body is longer than the limit of 1048576 bytes");
        assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
        // Read no further than the limit plus what the sockets' buffers held: not the 256 MiB offered.
        assertThat(written.get()).isLessThan(32L * 1024 * 1024);
        assertThat(published()).isEmpty();
    }

    @Test
    void aDeclaredLengthPastTheLimitIsRefusedBeforeTheBody() throws Exception {
        upstream.answer(exchange -> {
            exchange.sendResponseHeaders(200, 2 * 1024 * 1024);
            exchange.getResponseBody().write("[]".getBytes()); // then the connection is closed under it
        });
        relay("/declared");

        FeedStatus refused = poll();
        assertThat(refused.lastError().kind()).isEqualTo("too_large");
        assertThat(refused.lastError().message())
                .isEqualTo("the declared Content-Length of 2097152 bytes is over the limit of 1048576 bytes (not read)");
    }

    @Test
    void aBodyAtTheLimitIsAccepted() throws Exception {
        int limit = 1000;
        String atLimit = "\"" + "a".repeat(limit - 2) + "\"";
        upstream.answer(exchange -> Upstream.send(exchange, 200, atLimit));
        relay("/exact", CONFIG.withMaxBodyBytes(limit));
        assertThat(poll().state()).isEqualTo("ok");
        assertThat(published()).containsExactly(atLimit);
    }

    @Test
    void invalidJsonIsAFailureThatPublishesNothingAndDoesNotEchoTheBody() throws Exception {
        upstream.answer(exchange -> Upstream.send(exchange, 200, "{\"secret\": tru"));
        relay("/broken");

        FeedStatus invalid = poll();
        assertThat(invalid.lastError().kind()).isEqualTo("invalid_json");
        assertThat(invalid.lastError().message()).contains("line 1").doesNotContain("secret");
        assertThat(published()).isEmpty();
    }

    @Test
    void redirectsAreNotFollowedAndTheStatusNamesTheTargetWithoutItsQueryValues() throws Exception {
        upstream.answer(exchange -> {
            exchange.getResponseHeaders().set("Location", "/moved?key=s3cret");
            exchange.sendResponseHeaders(301, -1);
        });
        relay("/old");

        FeedStatus redirected = poll();
        assertThat(redirected.lastError().kind()).isEqualTo("redirect");
        assertThat(redirected.lastError().message()).isEqualTo("HTTP 301 to " + upstream.url("/moved?key=***")
                + ": redirects are not followed, give the feed its new URL");
        assertThat(upstream.requests()).extracting(Upstream.Request::path).containsExactly("/old");
    }

    @Test
    void contentTheTopicsRefuseIsAFailureAndIsFetchedAfreshNextTime() throws Exception {
        String tooLargeForATopic = "\"" + "x".repeat(PushConfig.defaults().maxDataBytes()) + "\"";
        upstream.answer(exchange -> {
            exchange.getResponseHeaders().set("ETag", "\"big\"");
            Upstream.send(exchange, 200, tooLargeForATopic);
        });
        relay("/big");

        FeedStatus refused = poll();
        assertThat(refused.lastError().kind()).isEqualTo("publish_refused");
        assertThat(refused.lastError().message()).isEqualTo("the topic refused the content: data_too_large");
        poll();
        assertThat(upstream.lastRequest().headers().getFirst("If-None-Match")).isNull(); // not accepted
    }

    @Test
    void anUnreachableFeedFailsAloneAndTheOthersGoOn() throws Exception {
        upstream.answer(exchange -> Upstream.send(exchange, 200, "{\"ok\":1}"));
        java.net.URI closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort() + "/gone");
        }
        relay = new FeedRelay(List.of(new FeedSpec("gone", closedPort, EVERY),
                new FeedSpec("prices", upstream.url("/fine"), EVERY)), CONFIG, client, scheduler,
                new Backoff(CONFIG.maxBackoff(), () -> 0.0)).start(topics);
        scheduler.advance(Duration.ZERO);
        scheduler.runNextOutcome();
        scheduler.runNextOutcome();

        FeedStatus gone = relay.status().get(0);
        assertThat(gone.lastError().kind()).isEqualTo("unreachable");
        assertThat(gone.lastError().message()).startsWith("cannot connect to 127.0.0.1:" + closedPort.getPort());
        assertThat(relay.status().get(1).state()).isEqualTo("ok");
        assertThat(published()).containsExactly("{\"ok\":1}");
        assertThat(relay.healthCheck().reason()).startsWith("1 of 2 feeds failing: gone (unreachable, 1 in a row)");
    }

    @Test
    void stopEndsThePollsAndTheSchedule() throws Exception {
        upstream.answer(exchange -> Upstream.send(exchange, 200, "{}"));
        relay("/stop");
        poll();
        relay.stop();
        assertThat(status().nextAttemptAt()).isEqualTo(-1);
        scheduler.advance(Duration.ofHours(1));
        assertThat(upstream.requests()).hasSize(1);
        relay.stop(); // idempotent
    }

    @Test
    void theProductionRelayPollsAtStartOnItsOwnThreadAndStops() throws Exception {
        upstream.answer(exchange -> Upstream.send(exchange, 200, "{\"live\":true}"));
        FeedRelay live = FeedRelay.create(List.of(new FeedSpec("prices", upstream.url("/live"), EVERY)), CONFIG);
        try {
            live.start(topics);
            // A wait, not a timed assertion: the first poll starts at once and has nothing else to wait for.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> live.status().get(0).state().equals("ok"));
            assertThat(published()).containsExactly("{\"live\":true}");
            assertThat(live.status().get(0).nextAttemptAt()).isGreaterThan(live.status().get(0).lastSuccessAt());
        } finally {
            live.stop();
        }
        assertThat(live.status().get(0).nextAttemptAt()).isEqualTo(-1);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Thread.getAllStackTraces()
                .keySet().stream().noneMatch(t -> t.getName().equals("parley-feeds"))); // the thread ends
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
