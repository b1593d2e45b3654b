package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} and {@code /readyz} as a load balancer sees them: the JDK HttpClient against a real server. */
class HealthIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ParleyServer server;

    @TempDir
    Path staticDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private ParleyServer newServer() {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).staticDir(staticDir).build());
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessIsUpAndNeverCached() throws Exception {
        new Health(newServer()).mountOn(server);
        server.start();
        HttpResponse<String> alive = get("/healthz");
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(alive.body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(alive.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(alive.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/healthz/more").statusCode()).isEqualTo(404);
    }

    @Test
    void readyWhenStartedAndEveryCheckIsUp() throws Exception {
        Health health = new Health(newServer()).addCheck("database", CheckResult::ok);
        assertThat(health.serverState()).isEqualTo(CheckResult.down("not started"));
        health.mountOn(server);
        server.start();
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo(
                "{\"status\":\"up\",\"checks\":{\"server\":{\"status\":\"up\"},\"database\":{\"status\":\"up\"}}}");
    }

    @Test
    void aFailedCheckMakes503SayingWhichAndWhy() throws Exception {
        new Health(newServer())
                .addCheck("database", CheckResult::ok)
                .addCheck("redis", () -> CheckResult.down("subscriber connection down"))
                .addCheck("disk", () -> {
                    throw new IllegalStateException("cannot reach \"it\"");
                })
                .mountOn(server);
        server.start();
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"down\",\"checks\":{\"server\":{\"status\":\"up\"},"
                + "\"database\":{\"status\":\"up\"},"
                + "\"redis\":{\"status\":\"down\",\"reason\":\"subscriber connection down\"},"
                + "\"disk\":{\"status\":\"down\",\"reason\":\"cannot reach \\\"it\\\"\"}}}");
    }

    @Test
    void aDegradedCheckIsShownWithItsDetailAndLeavesTheServerReady() throws Exception {
        new Health(newServer())
                .addCheck("feeds", () -> CheckResult.degraded("1 of 2 feeds failing: prices (timeout)"))
                .mountOn(server);
        server.start();
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"up\",\"checks\":{\"server\":{\"status\":\"up\"},"
                + "\"feeds\":{\"status\":\"degraded\",\"reason\":\"1 of 2 feeds failing: prices (timeout)\"}}}");
    }

    @Test
    void aHungCheckIsDownAfterTheTimeoutAndIsNotStartedAgainWhileItHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        new Health(newServer(), Duration.ZERO, Duration.ofMillis(200))
                .addCheck("database", () -> {
                    probes.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CheckResult.ok();
                })
                .mountOn(server);
        server.start();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> hung = get("/readyz");
                assertThat(hung.statusCode()).isEqualTo(503);
                assertThat(hung.body()).contains("\"database\":{\"status\":\"down\",\"reason\":\"no answer within 200 ms\"}");
            }
            assertThat(probes).hasValue(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anAnswerIsReusedForTheCachePeriodSoPollingCannotHammerTheDatabase() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger probes = new AtomicInteger();
        Health health = new Health(newServer(), Duration.ofSeconds(1), Duration.ofSeconds(5), clock::get)
                .addCheck("database", () -> {
                    probes.incrementAndGet();
                    return CheckResult.ok();
                });
        server.start();
        for (int i = 0; i < 5; i++) {
            assertThat(health.readiness().ready()).isTrue();
        }
        assertThat(probes).hasValue(1);
        clock.addAndGet(Duration.ofMillis(999).toNanos());
        health.readiness();
        assertThat(probes).hasValue(1);
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        health.readiness();
        assertThat(probes).hasValue(2);
    }

    @Test
    void theHealthRoutesWinOverStaticFilesOfTheSameName() throws Exception {
        Files.writeString(staticDir.resolve("healthz"), "a user's file");
        Files.writeString(staticDir.resolve("readyz"), "a user's file");
        new Health(newServer()).mountOn(server);
        server.start();
        assertThat(get("/healthz").body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(get("/readyz").body()).startsWith("{\"status\":\"up\"");
    }

    @Test
    void readinessGoesDownAtOnceWhenADrainBeginsWhileLivenessStaysUp() throws Exception {
        Health health = new Health(newServer()).addCheck("database", CheckResult::ok).mountOn(server);
        server.start();
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        server.drain(DrainPolicy.defaults().withReadinessDelay(Duration.ofMinutes(1)));
        assertThat(server.draining()).isTrue();
        HttpResponse<String> draining = get("/readyz");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.body()).contains("\"server\":{\"status\":\"down\",\"reason\":\"draining\"}");
        assertThat(get("/healthz").statusCode()).isEqualTo(200); // still accepting during the readiness delay
        server.stop();
        assertThat(health.serverState()).isEqualTo(CheckResult.down("draining"));
        server = null;
    }
}
