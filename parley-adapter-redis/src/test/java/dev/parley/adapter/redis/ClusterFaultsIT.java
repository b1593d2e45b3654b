package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.LogTap;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AckTimeoutException;
import dev.parley.socketio.adapter.RequestTimeoutException;
import dev.parley.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a cluster over Redis: Redis stopped and started again, a node killed with {@code kill -9} or
 * hung ({@code SIGSTOP}), a node shut down gracefully. Each test builds its own cluster with its own key
 * prefix; the outage test runs its own {@code redis-server}, never the shared one.
 */
@SuppressWarnings("unchecked")
class ClusterFaultsIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofMillis(1500);
    /** How long a request may take past its timeout before we call it hung (timers, Redis round trips). */
    private static final Duration SLACK = Duration.ofMillis(700);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private final String key = "parley-faults-" + UUID.randomUUID();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ClusterPeer clients;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }

    // ---- 1. Redis stopped for 10 s and started again ----

    @Test
    void aRedisOutageKeepsLocalTrafficGoingAndTheClusterHealsByItself() throws Exception {
        RedisProcess redis = closing(RedisProcess.startOnFreePort());
        LogTap log = closing(LogTap.start());
        clients = closing(new ClusterPeer(key, REQUESTS_TIMEOUT, redis.uri()));
        String nodeUrl = "http://127.0.0.1:" + clients.call("server").get("port");
        ParleyNode a = closing(new ParleyNode("A", ParleyNode.options(redis.uri(), key, REQUESTS_TIMEOUT)));
        ParleyNode b = closing(new ParleyNode("B", ParleyNode.options(redis.uri(), key, REQUESTS_TIMEOUT)));
        client("o-a1", a.url(), "chat");
        client("o-a2", a.url(), "chat");
        client("o-b", b.url(), "chat");
        client("o-n", nodeUrl);
        assertThat(serverCount(a)).isEqualTo(3);
        b.io.emit("before");
        received("o-a1", "before");

        redis.kill();
        long down = System.nanoTime();
        // Lettuce sees the connection close at once on loopback; from then on publishes fail fast.
        long lostAtStart = a.cluster.lostPublishes();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            a.io.emit("probe");
            return a.cluster.lostPublishes() > lostAtStart;
        });
        int round = 0;
        while (System.nanoTime() - down < OUTAGE.toNanos()) {
            outageRound(a, ++round);
            TimeUnit.MILLISECONDS.sleep(500); // the outage lasts OUTAGE by the clock; rounds are samples in it
        }
        System.out.printf("outage: %d rounds, A lost %d publishes, B lost %d%n", round, a.cluster.lostPublishes(),
                b.cluster.lostPublishes());

        redis.start();
        long up = System.nanoTime();
        AtomicInteger attempt = new AtomicInteger();
        // Subscriptions come back by themselves: a broadcast from B reaches A's client again.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            b.io.emit("back", attempt.incrementAndGet());
            return got("o-a1", "back");
        });
        Duration healed = Duration.ofNanos(System.nanoTime() - up);
        await().atMost(Duration.ofSeconds(5)).until(() -> serverCount(a) == 3 && serverCount(b) == 3
                && Integer.valueOf(3).equals(clients.call("serverCount").get("count")));
        System.out.printf("outage: cross-server broadcast back %d ms after Redis restarted, server count %d ms%n",
                healed.toMillis(), Duration.ofNanos(System.nanoTime() - up).toMillis());
        assertThat(a.io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(4);

        assertThat(a.handlerErrors).isEmpty();
        assertThat(b.handlerErrors).isEmpty();
        // Nothing failed but Lettuce's reconnection attempts, which it logs at most once per 5 s per connection.
        assertThat(log.lines(l -> l.contains("failed") && !l.contains("ConnectionWatchdog"))).isEmpty();
        assertThat(log.lines(l -> l.contains("ConnectionWatchdog - Cannot reconnect"))).hasSizeLessThanOrEqualTo(
                2 * 2 * (int) (OUTAGE.toSeconds() / 5 + 2));
        // One line per node and outage, each way, not one per publish or reconnection attempt.
        assertThat(log.containing("unreachable: local traffic goes on")).hasSize(2);
        List<String> back = log.containing("reachable again");
        assertThat(back).hasSize(2);
        assertThat(back.stream().mapToLong(ClusterFaultsIT::lostIn).sum())
                .isEqualTo(a.cluster.lostPublishes() + b.cluster.lostPublishes());
        assertThat(log.containing("lost (other servers will not receive it")).hasSizeBetween(1, 2);
    }

    @Test
    void aHungRedisDelaysNoRequestPastTheRequestsTimeout() throws Exception {
        RedisProcess redis = closing(RedisProcess.startOnFreePort());
        ParleyNode a = closing(new ParleyNode("A", ParleyNode.options(redis.uri(), key, REQUESTS_TIMEOUT)));
        ParleyNode b = closing(new ParleyNode("B", ParleyNode.options(redis.uri(), key, REQUESTS_TIMEOUT)));
        assertThat(serverCount(a)).isEqualTo(2);
        redis.pause();
        try {
            // The connections stay open: nothing is rejected, Redis just never answers (a hung or cut-off host).
            long start = System.nanoTime();
            CompletableFuture<List<Object>> fetch = a.io.sockets().fetchSockets()
                    .thenApply(l -> (List<Object>) (List<?>) l).toCompletableFuture();
            CompletableFuture<List<Object>> acks = a.io.sockets().timeout(REQUESTS_TIMEOUT).emitWithAck("ask").toCompletableFuture();
            CompletableFuture<List<Object>> serverSide = a.io.sockets().serverSideEmitWithAck("hello", "hung")
                    .toCompletableFuture();
            assertThat(settles(fetch, e -> ((RequestTimeoutException) e).partialResults())).isEmpty();
            assertThat(settles(acks, e -> ((AckTimeoutException) e).responses())).isEmpty();
            assertThat(settles(serverSide, e -> ((AckTimeoutException) e).responses())).isEmpty();
            System.out.printf("hung Redis: requests settled in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
        } finally {
            redis.resume();
        }
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "after").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("B:after");
    }

    /** One sample during the outage: A's own traffic works, what should cross is counted, nothing hangs. */
    private void outageRound(ParleyNode a, int round) throws Exception {
        long lost = a.cluster.lostPublishes();
        Map<String, Object> ack = clients.call("clientEmit", "name", "o-a1", "event", "say", "args",
                List.of("chat", "m" + round), "ack", true);
        assertThat(ack.get("response")).isEqualTo("said:m" + round);
        assertThat(clients.await("client-event", e -> "o-a2".equals(e.get("name")) && "said".equals(e.get("event"))
                && List.of("m" + round).equals(e.get("args")))).isNotNull();
        await().atMost(Duration.ofSeconds(2)).until(() -> a.cluster.lostPublishes() > lost);

        List<Object> answers = settles(a.io.to("chat").timeout(REQUESTS_TIMEOUT).emitWithAck("ask"),
                e -> ((AckTimeoutException) e).responses());
        assertThat(answers).containsExactlyInAnyOrder("o-a1", "o-a2");
        List<Object> sockets = settles(a.io.sockets().fetchSockets().thenApply(l -> (List<Object>) (List<?>) l),
                e -> ((RequestTimeoutException) e).partialResults());
        assertThat(sockets).extracting(s -> name((RemoteSocket) s))
                .containsExactlyInAnyOrder("o-a1", "o-a2");
        assertThat(settles(a.io.sockets().serverSideEmitWithAck("hello", "down"),
                e -> ((AckTimeoutException) e).responses())).isEmpty();
    }

    // ---- 2. a node killed with kill -9, or hung ----

    @Test
    void aHungNodeThenKilledLeavesTheOthersWithPartialResultsAtTheTimeout() throws Exception {
        ClusterPeer victim = closing(new ClusterPeer(key, REQUESTS_TIMEOUT));
        String victimUrl = "http://127.0.0.1:" + victim.call("server").get("port");
        clients = closing(new ClusterPeer(key, REQUESTS_TIMEOUT));
        ParleyNode a = closing(new ParleyNode("A", ParleyNode.options(key, REQUESTS_TIMEOUT)));
        ParleyNode b = closing(new ParleyNode("B", ParleyNode.options(key, REQUESTS_TIMEOUT)));
        client("h-a", a.url(), "room");
        client("h-b", b.url(), "room");
        client("h-n", victimUrl, "room");
        assertThat(serverCount(a)).isEqualTo(3);

        signal("STOP", victim.pid());
        try {
            // A hung node keeps its Redis connection: it is still counted, and never answers.
            assertThat(serverCount(a)).isEqualTo(3);
            long start = System.nanoTime();
            CompletableFuture<List<RemoteSocket>> fetch = a.io.in("room").fetchSockets().toCompletableFuture();
            CompletableFuture<List<Object>> acks = a.io.to("room").timeout(REQUESTS_TIMEOUT).emitWithAck("ask")
                    .toCompletableFuture();
            CompletableFuture<List<Object>> serverSide = a.io.sockets().serverSideEmitWithAck("hello", "x")
                    .toCompletableFuture();
            // Killed while they wait: the requests were counted for it and settle at the timeout.
            signal("KILL", victim.pid());
            assertPartial(fetch, start, RequestTimeoutException.class,
                    e -> e.partialResults().stream().map(s -> name((RemoteSocket) s)).toList(),
                    "h-a", "h-b");
            assertPartial(acks, start, AckTimeoutException.class, AckTimeoutException::responses, "h-a", "h-b");
            assertPartial(serverSide, start, AckTimeoutException.class, AckTimeoutException::responses, "B:x");
        } finally {
            if (ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                signal("CONT", victim.pid());
            }
        }
        // Once Redis saw the connections close, the dead node is no longer counted nor waited for.
        await().atMost(Duration.ofSeconds(5)).until(() -> serverCount(a) == 2);
        long start = System.nanoTime();
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "y").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("B:y");
        assertThat(a.io.in("room").fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUESTS_TIMEOUT);
    }

    @Test
    void redisStopsCountingANodeKilledWithKill9AtOnce() throws Exception {
        ClusterPeer victim = closing(new ClusterPeer(key, REQUESTS_TIMEOUT));
        victim.call("server");
        ParleyNode a = closing(new ParleyNode("A", ParleyNode.options(key, REQUESTS_TIMEOUT)));
        assertThat(serverCount(a)).isEqualTo(2);
        signal("KILL", victim.pid());
        long killed = System.nanoTime();
        int first = serverCount(a);
        // The kernel closes a killed process's sockets; Redis reads the FIN and drops its subscriptions.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() -> serverCount(a) == 1);
        System.out.printf("kill -9: server count %d right after the exit, 1 within %d ms%n", first,
                Duration.ofNanos(System.nanoTime() - killed).toMillis());
        long start = System.nanoTime();
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "z").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(a.io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUESTS_TIMEOUT);
    }

    // ---- 3. a graceful shutdown ----

    @Test
    void aNodeShutDownGracefullyLeavesTheCountAndNothingHangs() throws Exception {
        clients = closing(new ClusterPeer(key, REQUESTS_TIMEOUT));
        String nodeUrl = "http://127.0.0.1:" + clients.call("server").get("port");
        ParleyNode a = closing(new ParleyNode("A", ParleyNode.options(key, REQUESTS_TIMEOUT)));
        ParleyNode b = new ParleyNode("B", ParleyNode.options(key, REQUESTS_TIMEOUT));
        AtomicBoolean bClosed = new AtomicBoolean();
        closing(() -> {
            if (bClosed.compareAndSet(false, true)) {
                b.close();
            }
        });
        client("g-a", a.url());
        client("g-b", b.url());
        assertThat(serverCount(a)).isEqualTo(3);
        // A request B waits on when it closes: abandoned at once, not left to its timeout.
        CompletableFuture<List<Object>> pending = b.io.sockets().serverSideEmitWithAck("never-answered")
                .toCompletableFuture();
        long start = System.nanoTime();
        bClosed.set(true);
        CompletableFuture.runAsync(() -> {
            b.io.close();
            b.cluster.close();
        }).get(5, TimeUnit.SECONDS);
        b.http.stop();
        System.out.printf("graceful: B closed in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(pending).failsWithin(Duration.ofSeconds(1));
        assertThat(clients.await("client-disconnect", e -> "g-b".equals(e.get("name"))).get("reason"))
                .isIn("io server disconnect", "transport close");
        assertThat(serverCount(a)).isEqualTo(2);
        assertThat(clients.call("serverCount").get("count")).isEqualTo(2);
        long asked = System.nanoTime();
        assertThat(a.io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "g").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly("node:g");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(REQUESTS_TIMEOUT);
        assertThat(a.handlerErrors).isEmpty();
    }

    // ---- helpers ----

    private String client(String name, String url, String... rooms) throws Exception {
        return (String) clients.call("client", "name", name, "url", url, "rooms", List.of(rooms)).get("sid");
    }

    private void received(String name, String event) throws InterruptedException {
        clients.await("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event")));
    }

    private boolean got(String name, String event) {
        return !clients.printed("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty();
    }

    private static Object name(RemoteSocket socket) {
        return ((Map<?, ?>) socket.data()).get("name");
    }

    private static int serverCount(ParleyNode node) throws Exception {
        return node.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /**
     * The result of a cluster request made while Redis is away: its value, or the partial results of the
     * timeout it failed with; either way within the requests timeout (a hang fails the test).
     */
    private static List<Object> settles(CompletionStage<List<Object>> request,
            Function<Throwable, List<Object>> partial) throws Exception {
        CompletableFuture<List<Object>> future = request.toCompletableFuture();
        try {
            return future.get(REQUESTS_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return partial.apply(e.getCause());
        }
    }

    /** Fails with {@code type} no earlier than the requests timeout and not much later, with these partials. */
    private static <E extends Throwable> void assertPartial(CompletableFuture<?> request, long start, Class<E> type,
            Function<E, List<Object>> partial, Object... expected) {
        assertThat(request).failsWithin(REQUESTS_TIMEOUT.plus(SLACK))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(type,
                        e -> assertThat(partial.apply(e)).containsExactlyInAnyOrder(expected));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(REQUESTS_TIMEOUT.minusMillis(100), REQUESTS_TIMEOUT.plus(SLACK));
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        if ("KILL".equals(signal)) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        }
    }

    private static final Pattern LOST = Pattern.compile("(\\d+) publishes were lost");

    private static long lostIn(String line) {
        Matcher m = LOST.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
