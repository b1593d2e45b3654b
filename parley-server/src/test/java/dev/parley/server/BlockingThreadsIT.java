package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Blocking HTTP work runs on at most {@code blockingThreads} threads: requests past the bound wait their turn
 * instead of each getting a thread (a push topic's waiting polls, all answered by one event, once grew the pool
 * to 1,460 threads).
 */
class BlockingThreadsIT {
    private static final int BOUND = 3;
    private static final int REQUESTS = 12;

    @Test
    void requestsPastTheBoundWaitForAThreadAndAllAreAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch boundReached = new CountDownLatch(BOUND);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .blockingThreads(BOUND).build())
                .addHttpRoute("/slow", 0, request -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    boundReached.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS); // a route that blocks, on a database say
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                    }
                    return HttpResponse.text(200, "done");
                })
                .start();
        // One client per request: each its own connection, so nothing but the server's bound serializes them.
        List<CompletableFuture<java.net.http.HttpResponse<String>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                        URI.create(server.url() + "/slow/" + i)).build(), BodyHandlers.ofString()));
            }
            assertThat(boundReached.await(30, TimeUnit.SECONDS)).isTrue();
            // Give the other requests every chance to start a thread of their own if the pool allowed it.
            Thread.sleep(500);
            assertThat(mostAtOnce.get()).isEqualTo(BOUND);
            assertThat(blockingThreads()).isLessThanOrEqualTo(BOUND);
            release.countDown();
            for (CompletableFuture<java.net.http.HttpResponse<String>> answer : answers) {
                java.net.http.HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("done");
            }
            assertThat(mostAtOnce.get()).isEqualTo(BOUND);
        } finally {
            release.countDown();
            server.stop();
        }
    }

    private static long blockingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("parley-blocking") && t.isAlive()).count();
    }
}
