package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The subscribers of a push run, over every transport: opened interleaved (subscriber i takes the next
 * transport round robin among those still short of their share), at most {@code concurrency} at once, and
 * closed together at the end. WebSocket and Socket.IO subscribers are the load client's
 * {@link LoadConnection}s with a push session; SSE and long-polling ones are plain HTTP connections.
 */
final class PushSubscribers {
    /** Where each transport connects, and what it subscribes to. */
    record Paths(String topic, String ssePath, String pollPath, String pollWait, Duration shortPollInterval,
            byte[] wsSubscribe, byte[] socketIoSubscribe) {
    }

    private final LoadClient client;
    private final Connector wsConnector;
    private final Connector socketIoConnector;
    private final PushHttpClient http;
    private final Paths paths;
    private final int payloadSize;
    private final Map<PushTransport, PushTally> tallies;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final List<PushHttpSubscription> subscriptions = new ArrayList<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private volatile boolean stopping;

    PushSubscribers(LoadClient client, Connector wsConnector, Connector socketIoConnector, PushHttpClient http,
            Paths paths, int payloadSize, Map<PushTransport, PushTally> tallies) {
        this.client = client;
        this.wsConnector = wsConnector;
        this.socketIoConnector = socketIoConnector;
        this.http = http;
        this.paths = paths;
        this.payloadSize = payloadSize;
        this.tallies = tallies;
    }

    /** The transport of each subscriber, interleaved: {@code counts} of each, spread over the whole list. */
    static List<PushTransport> interleave(Map<PushTransport, Integer> counts) {
        Map<PushTransport, Integer> left = new EnumMap<>(counts);
        List<PushTransport> order = new ArrayList<>();
        while (left.values().stream().anyMatch(n -> n > 0)) {
            for (Map.Entry<PushTransport, Integer> e : left.entrySet()) {
                if (e.getValue() > 0) {
                    order.add(e.getKey());
                    e.setValue(e.getValue() - 1);
                }
            }
        }
        return order;
    }

    /** Opens one subscriber per entry of {@code order}; returns the figures of opening. */
    Map<String, Object> open(List<PushTransport> order, int concurrency) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        CountDownLatch ended = new CountDownLatch(order.size());
        Map<String, Long> reasons = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < order.size(); i++) {
            permits.acquire();
            CompletableFuture<?> ready = start(order.get(i), i);
            ready.whenComplete((r, failure) -> {
                if (failure != null) {
                    reasons.merge(reason(failure), 1L, Long::sum);
                }
                permits.release();
                ended.countDown();
            });
        }
        ended.await();
        failures.putAll(reasons);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", order.size());
        m.put("seconds", CpuMeter.round((System.nanoTime() - start) / 1e9, 3));
        Map<String, Long> ready = new LinkedHashMap<>();
        tallies.forEach((t, tally) -> ready.put(t.name(),
                tally.subscribers().stream().filter(PushSubscriber::isReady).count()));
        m.put("readyPerTransport", ready);
        m.put("failures", failures);
        return m;
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    private CompletableFuture<?> start(PushTransport transport, int index) {
        PushSubscriber subscriber = tallies.get(transport).newSubscriber();
        return switch (transport) {
            case ws -> connection(wsConnector.connect(index,
                    PushWsSession.factory(paths.wsSubscribe(), payloadSize, subscriber)), subscriber);
            case socketio -> connection(socketIoConnector.connect(index,
                    PushSocketIoTraffic.sessions(paths.socketIoSubscribe(), payloadSize, subscriber)), subscriber);
            case sse -> subscription(new SseSubscription(http, paths.ssePath(), payloadSize, subscriber), index);
            case longpoll -> subscription(new LongPollSubscription(http, paths.pollPath(), paths.pollWait(),
                    paths.shortPollInterval(), payloadSize, subscriber), index);
            case shortpoll -> subscription(new LongPollSubscription(http, paths.pollPath(), null,
                    paths.shortPollInterval(), payloadSize, subscriber), index);
        };
    }

    private CompletableFuture<?> connection(LoadConnection c, PushSubscriber subscriber) {
        synchronized (connections) {
            connections.add(c);
        }
        c.closed().thenRun(() -> {
            if (!stopping && subscriber.isReady()) {
                subscriber.closed();
            }
        });
        return c.ready();
    }

    private CompletableFuture<?> subscription(PushHttpSubscription s, int index) {
        synchronized (subscriptions) {
            subscriptions.add(s);
        }
        http.connect(client.group(), index, s instanceof LongPollSubscription, () -> s).addListener(f -> {
            if (!f.isSuccess()) {
                s.ready.completeExceptionally(new ConnectFailure(ConnectFailure.describe(f.cause())));
                s.closed.complete("connect failed");
            }
        });
        return s.ready;
    }

    /** Closes every subscriber (WebSocket ones with the close handshake); returns how they ended, by reason. */
    Map<String, Long> closeAll() throws InterruptedException {
        stopping = true;
        List<CompletableFuture<String>> closing = new ArrayList<>();
        synchronized (subscriptions) {
            subscriptions.forEach(s -> closing.add(s.stop()));
        }
        Map<String, Long> reasons = new TreeMap<>();
        synchronized (connections) {
            reasons.putAll(Scenario.closeAll(connections, client.config().closeTimeout()));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(client.config().closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Counted below as still open.
        }
        for (CompletableFuture<String> c : closing) {
            reasons.merge(c.getNow("still open after the close timeout"), 1L, Long::sum);
        }
        return reasons;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof ConnectFailure ? cause.getMessage() : ConnectFailure.describe(cause);
    }
}
