package dev.parley.benchmarks.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * S12, push fan-out (issue 18, section 5): N subscribers of one topic, split over the push transports (SSE,
 * WebSocket {@code /ws/topics}, Socket.IO {@code /topics}, long polling), and one publisher posting to
 * {@code /api/publish} at a fixed rate, each event stamped with its scheduled time. Reports, per transport,
 * deliveries per second, latency percentiles and loss (counted by stamp, and per subscriber: every event of
 * the window, ids increasing). With {@code --heap-pid}, the server's live heap after full collections before
 * and after the subscribers opened: with only SSE subscribers, the heap per open SSE stream.
 */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S12: one publisher over POST /api/publish at a fixed rate, N subscribers of the topic "
                + "split over SSE, WebSocket, Socket.IO and long polling; per transport deliveries/s, latency, "
                + "loss; optionally the server's live heap per subscriber.")
final class PushScenario extends Scenario {
    @Option(names = {"-c", "--subscribers"}, defaultValue = "1000",
            description = "Subscribers, split evenly over --transports. Default: ${DEFAULT-VALUE}")
    int subscribers;

    @Option(names = "--transports", split = ",", defaultValue = "sse,ws,socketio,longpoll",
            description = "The transports the subscribers use, evenly split (the first ones get the remainder): "
                    + "sse, ws, socketio, longpoll, shortpoll. Default: ${DEFAULT-VALUE}")
    List<PushTransport> transports;

    @Option(names = {"-r", "--rate"}, defaultValue = "1000",
            description = "Events per second from the one publisher. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--payload", defaultValue = "64", paramLabel = "CHARS",
            description = "Characters of each event's data string (\"@\", the 16-digit send stamp, filler). "
                    + "Default: ${DEFAULT-VALUE}")
    int payload;

    @Option(names = "--topic", defaultValue = "bench", description = "The topic. Default: ${DEFAULT-VALUE}")
    String topic;

    @Option(names = "--publish-token", defaultValue = "bench",
            description = "Bearer token of POST /api/publish (the server's --publish-token). Default: ${DEFAULT-VALUE}")
    String publishToken;

    @Option(names = "--publish-connections", defaultValue = "1",
            description = "Keep-alive connections of the publisher, one request in flight on each. "
                    + "Default: ${DEFAULT-VALUE}")
    int publishConnections;

    @Option(names = "--publish-batch", defaultValue = "100",
            description = "Most events in one publish request (what fell due while the connections were busy "
                    + "goes as an array). Default: ${DEFAULT-VALUE}")
    int publishBatch;

    @Option(names = "--poll-wait", defaultValue = "25s",
            description = "The wait= of each long poll. Default: ${DEFAULT-VALUE}")
    String pollWait;

    @Option(names = "--short-poll-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "shortpoll: time from one poll to the next. Default: ${DEFAULT-VALUE}")
    Duration shortPollInterval;

    @Option(names = "--sse-path", defaultValue = "/sse", description = "Default: ${DEFAULT-VALUE}")
    String ssePath;

    @Option(names = "--ws-path", defaultValue = "/ws/topics", description = "Default: ${DEFAULT-VALUE}")
    String wsPath;

    @Option(names = "--socketio-path", defaultValue = "/socket.io/", description = "Default: ${DEFAULT-VALUE}")
    String socketIoPath;

    @Option(names = "--poll-path", defaultValue = "/api/topics/{topic}/events",
            description = "Default: ${DEFAULT-VALUE}")
    String pollPath;

    @Option(names = "--publish-path", defaultValue = "/api/publish", description = "Default: ${DEFAULT-VALUE}")
    String publishPath;

    @Option(names = "--heap-pid", paramLabel = "PID",
            description = "Measure this server's live heap (jcmd; with --heap-node-log, a Node peer) before the "
                    + "subscribers open and once they all are: bytes per subscriber.")
    Long heapPid;

    @Option(names = "--heap-node-log", paramLabel = "FILE",
            description = "The Node peer's log: its live heap is asked with SIGUSR2 and read there (MEM line).")
    Path heapNodeLog;

    @Option(names = "--heap-only", description = "Only open the subscribers and measure the heap (with --heap-pid); "
            + "publish nothing.")
    boolean heapOnly;

    @Mixin
    WindowOptions window;

    @Override
    String defaultPath(Protocol protocol) {
        return "/";
    }

    @Override
    void validate() {
        requirePositive("--subscribers", subscribers);
        requirePositive("--publish-connections", publishConnections);
        requirePositive("--publish-batch", publishBatch);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0, not " + rate);
        }
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("--transports names none");
        }
        PushText.template(payload);
        if (heapOnly && heapPid == null) {
            throw new IllegalArgumentException("--heap-only needs --heap-pid");
        }
    }

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        Target base = client.config().target();
        String origin = "://" + base.hostHeader();
        Map<PushTransport, Integer> counts = split();
        putSettings(settings, origin, counts);

        Map<PushTransport, PushTally> tallies = new EnumMap<>(PushTransport.class);
        counts.keySet().forEach(t -> tallies.put(t, new PushTally(t)));
        PushHttpClient http = new PushHttpClient(client, Target.parse("http" + origin + "/", Protocol.ws));
        PushSubscribers subs = subscribers(client, http, origin, tallies);

        LiveHeap heap = heapPid == null ? null : new LiveHeap(heapPid, heapNodeLog);
        long heapBefore = heap == null ? 0 : heap.bytes();
        Map<String, Object> opened = subs.open(PushSubscribers.interleave(counts), client.config().concurrency());
        report.section("open").putAll(opened);
        // One connection per subscriber on either side (a long poller keeps its one keep-alive connection).
        report.section("open").put("openFiles", OpenFiles.of(common.serverPids));
        long ready = tallies.values().stream().flatMap(t -> t.subscribers().stream())
                .filter(PushSubscriber::isReady).count();
        if (subs.failed() > 0) {
            report.warn(subs.failed() + " of " + subscribers + " subscribers failed to open: "
                    + opened.get("failures"));
        }
        if (heap != null) {
            putHeap(report.section("heap"), heap, heapBefore, heap.bytes(), ready, counts);
        }
        if (heapOnly || ready == 0) {
            if (ready == 0) {
                report.warn("no subscriber became ready: nothing was measured");
            }
            report.section("close").put("reasons", subs.closeAll());
            return ready == 0 ? 1 : 0;
        }

        // Publishing starts now: the warm-up, then the window.
        long start = System.nanoTime() + 1_000_000;
        PushWindow measured = new PushWindow(start, 1e9 / rate, start + window.warmup.toNanos(),
                start + window.warmup.toNanos() + window.duration.toNanos());
        tallies.values().forEach(t -> t.window(measured));
        PushPublisher publisher = new PushPublisher(http, client.group().next(), publishPath, publishToken, topic,
                payload, publishBatch, measured);
        try {
            publisher.open(publishConnections, subscribers).get(client.config().connectTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            report.warn("the publisher failed to connect: " + e.getMessage());
            report.section("close").put("reasons", subs.closeAll());
            return 1;
        }
        publisher.start();
        sleepUntil(measured.start());
        CpuMeter.Sample from = cpu.sample();
        sleepUntil(measured.end());
        CpuMeter.Sample to = cpu.sample();
        drain(publisher, tallies);

        Map<String, Object> publishing = publisher.figures(report).get();
        report.section("publisher").putAll(publishing);
        BitSet published = publisher.published().get();
        putResults(report, tallies, published);
        putCpu(report, "cpu", from, to);
        putConnectionCounters(report.section("connections"), client.stats());
        publisher.close();
        report.section("close").put("reasons", subs.closeAll());
        return 0;
    }

    /** The subscribers' connectors and paths, all on the server of {@code origin} ({@code ://host:port}). */
    private PushSubscribers subscribers(LoadClient client, PushHttpClient http, String origin,
            Map<PushTransport, PushTally> tallies) {
        String encoded = URLEncoder.encode(topic, StandardCharsets.UTF_8);
        PushSubscribers.Paths paths = new PushSubscribers.Paths(topic, ssePath + "?topic=" + encoded,
                pollPath.replace("{topic}", encoded.replace("+", "%20")), pollWait, shortPollInterval,
                PushWsSession.subscribeMessage(topic), PushSocketIoTraffic.subscribePacket(topic));
        return new PushSubscribers(client,
                client.connectorTo(Target.parse("ws" + origin + wsPath, Protocol.ws)),
                client.connectorTo(Target.parse("ws" + origin + socketIoPath, Protocol.socketio)),
                http, paths, payload, tallies);
    }

    /** Each transport's figures, and the totals, for the window's events the server accepted. */
    private void putResults(Report report, Map<PushTransport, PushTally> tallies, BitSet published) {
        Map<String, Object> results = report.section("results");
        results.put("publishedInWindow", published.cardinality());
        results.put("publishedPerSecond", CpuMeter.round(published.cardinality() / seconds(window.duration), 1));
        long expected = 0;
        long received = 0;
        for (PushTally tally : tallies.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            tally.putResults(m, published, seconds(window.duration));
            results.put(tally.transport().name(), m);
            expected += (long) m.get("expectedDeliveries");
            received += (long) m.get("receivedDeliveries");
            if ((long) m.get("missingDeliveries") != 0 || (long) m.get("subscribersMissingEvents") != 0) {
                report.warn(tally.transport() + ": " + m.get("missingDeliveries")
                        + " deliveries missing at the end of the drain (late or lost), "
                        + m.get("subscribersMissingEvents") + " subscribers without every event of the window");
            }
            if ((long) m.get("malformedDeliveries") > 0 || (long) m.get("idsOutOfOrderOrRepeated") > 0) {
                report.warn(tally.transport() + ": " + m.get("malformedDeliveries") + " malformed, "
                        + m.get("idsOutOfOrderOrRepeated") + " ids out of order or repeated");
            }
        }
        results.put("totalExpectedDeliveries", expected);
        results.put("totalReceivedDeliveries", received);
        results.put("totalDeliveriesPerSecond", CpuMeter.round(received / seconds(window.duration), 1));
    }

    /** Waits until every ready subscriber got every event of the window, or the drain timeout. */
    private void drain(PushPublisher publisher, Map<PushTransport, PushTally> tallies) throws Exception {
        long deadline = System.nanoTime() + window.drainTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (publisher.idleNow().get()) {
                long published = publisher.publishedInWindow();
                boolean all = tallies.values().stream().allMatch(t -> t.received() >= published * t.ready());
                if (all) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Subscribers per transport: an even split, the remainder to the first transports named. */
    private Map<PushTransport, Integer> split() {
        List<PushTransport> distinct = transports.stream().distinct().toList();
        Map<PushTransport, Integer> counts = new EnumMap<>(PushTransport.class);
        int n = distinct.size();
        for (int i = 0; i < n; i++) {
            counts.put(distinct.get(i), subscribers / n + (i < subscribers % n ? 1 : 0));
        }
        return counts;
    }

    private void putHeap(Map<String, Object> m, LiveHeap heap, long before, long after, long ready,
            Map<PushTransport, Integer> counts) {
        m.put("method", heap.method());
        m.put("pid", heapPid);
        m.put("liveHeapBeforeBytes", before);
        m.put("liveHeapWithSubscribersBytes", after);
        m.put("subscribersOpen", ready);
        m.put("bytesPerSubscriber", ready > 0 ? CpuMeter.round((double) (after - before) / ready, 1) : 0.0);
        m.put("transports", counts.keySet().stream().map(Enum::name).toList());
    }

    private void putSettings(Map<String, Object> settings, String origin, Map<PushTransport, Integer> counts) {
        settings.put("server", "http" + origin);
        settings.put("topic", topic);
        settings.put("subscribers", subscribers);
        Map<String, Integer> split = new LinkedHashMap<>();
        counts.forEach((t, n) -> split.put(t.name(), n));
        settings.put("subscribersPerTransport", split);
        settings.put("targetEventsPerSecond", rate);
        settings.put("targetDeliveriesPerSecond", CpuMeter.round(rate * subscribers, 1));
        settings.put("payloadChars", payload);
        settings.put("publishConnections", publishConnections);
        settings.put("publishBatch", publishBatch);
        settings.put("pollWait", pollWait);
        settings.put("shortPollIntervalSeconds", seconds(shortPollInterval));
        settings.put("paths", Map.of("sse", ssePath, "ws", wsPath, "socketio", socketIoPath + " namespace "
                + PushSocketIoTraffic.NAMESPACE, "poll", pollPath, "publish", publishPath));
        settings.put("warmupSeconds", seconds(window.warmup));
        settings.put("durationSeconds", seconds(window.duration));
        settings.put("heapOnly", heapOnly);
    }
}
