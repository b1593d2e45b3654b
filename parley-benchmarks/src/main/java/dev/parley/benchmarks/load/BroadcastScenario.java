package dev.parley.benchmarks.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * S7, room broadcast: N subscribers, and one more connection, the publisher, that publishes at a fixed rate
 * (open loop); the server sends each publish to every subscriber. Each publish carries its scheduled send
 * time, so each subscriber measures its delivery's latency on its own, and a stall (server or generator)
 * shows in every delivery it delayed. Reports deliveries per second, expected against received deliveries
 * (loss), and the latency percentiles.
 *
 * <p>Which server sends what: over raw WebSocket, a message is sent to every other connection of the path,
 * so the publisher gets none of its own; over Socket.IO, subscribers join a room and the server's
 * {@code io.to(room).emit("news", payload)} reaches the room, which the publisher never joined. Either way a
 * window's broadcast is expected once at each subscriber. All deliveries land in this one process: at
 * 10,000 subscribers, 100 broadcasts/s are already 1,000,000 deliveries/s to read, which a generator on a
 * few cores cannot; watch {@code generatorSaturated} and, with the server on the same machine, its busy share.
 *
 * <p>S9, slow consumers ({@code --slow-percent}): a share of the subscribers stops reading when the window
 * starts ({@link SlowSubscribers}); the figures of the {@code results} section are then the others', and the
 * {@code slow} section says how many were slowed and how many the server closed.
 *
 * <p>S11, a cluster ({@code --subscriber-url}, repeated): the subscribers are spread round robin over several
 * servers of one cluster (Socket.IO with a Redis adapter), the publisher stays on {@code --url}, so most
 * deliveries cross Redis; {@code --server-pid} takes every server's id, and {@code --redis-cpu} adds the
 * Redis server's own CPU over the window.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S7: one publisher at a fixed rate, the server broadcasting to N subscribers; delivery "
                + "latency from the scheduled publish time, deliveries per second, loss.")
final class BroadcastScenario extends Scenario {
    @Option(names = {"-c", "--subscribers"}, defaultValue = "1000",
            description = "Subscriber connections; the publisher is one more. Default: ${DEFAULT-VALUE}")
    int subscribers;

    @Option(names = {"-r", "--rate"}, defaultValue = "100",
            description = "Broadcasts per second, from the one publisher. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--payload", defaultValue = "" + MessageSpec.DEFAULT_PAYLOAD_SIZE, paramLabel = "BYTES",
            description = "Bytes per WebSocket message (ws), or characters of the broadcast's payload argument "
                    + "(socketio); at least " + StampedPayload.STAMP_LENGTH + ", the send stamp they start with. "
                    + "Default: ${DEFAULT-VALUE}")
    int payload;

    @Option(names = "--binary", description = "ws: publish binary messages instead of text.")
    boolean binary;

    @Option(names = "--room", defaultValue = "bench",
            description = "socketio: the room the subscribers join and the publisher broadcasts to. "
                    + "Default: ${DEFAULT-VALUE}")
    String room;

    @Option(names = "--slow-percent", defaultValue = "0", paramLabel = "P",
            description = "S9: this percentage of the subscribers (at least one if above 0) stops reading at the "
                    + "start of the window; latency and loss are the others'. Default: ${DEFAULT-VALUE}")
    double slowPercent;

    @Option(names = "--subscriber-url", paramLabel = "URL",
            description = "S11: spread the subscribers round robin over these servers (repeat it; name --url among them "
                    + "to keep some there); the publisher stays on --url. Default: all on --url.")
    List<String> subscriberUrls = new ArrayList<>();

    @Option(names = "--redis-cpu", paramLabel = "REDIS_URL",
            description = "S11: also report this Redis server's CPU over the window (redis-cli -u URL INFO cpu, "
                    + "used_cpu_sys + used_cpu_user).")
    String redisCpuUrl;

    @Mixin
    WindowOptions window;

    /** Parley's raw broadcast endpoint, in the {@code demo} app. */
    static final String DEFAULT_WS_PATH = "/ws/broadcast";

    /**
     * Machine busy share above which the run is flagged: with server and generator on one machine, the
     * offered deliveries may then be more than both together can handle, whoever used the CPU.
     */
    private static final double MACHINE_BUSY_PERCENT = 95;

    private BroadcastSpec spec;
    private List<Target> subscriberTargets = List.of();

    @Override
    ProtocolSession.Factory sessions(Protocol protocol) {
        spec = new BroadcastSpec(protocol, payload, binary, room);
        return spec.subscribers();
    }

    @Override
    String defaultPath(Protocol protocol) {
        return protocol == Protocol.ws ? DEFAULT_WS_PATH : protocol.defaultPath();
    }

    @Override
    void validate() {
        requirePositive("--subscribers", subscribers);
        SlowSubscribers.count(subscribers, slowPercent);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0, not " + rate);
        }
        subscriberTargets = subscriberUrls.stream().map(url -> Target.parse(url, spec.protocol())).toList();
    }

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        putSettings(settings);
        Map<LoadConnection, Integer> servers = new ConcurrentHashMap<>();
        ConnectionOpener.Result opened = ConnectionOpener.open(subscriberConnections(client, servers), subscribers,
                client.config().concurrency(), false);
        report.section("open").putAll(opened.figures());
        if (!subscriberTargets.isEmpty()) {
            report.section("open").put("readyPerServer", readyPerServer(opened.ready(), servers));
        }
        if (opened.ready().isEmpty()) {
            report.warn("no subscriber became ready: nothing was measured");
            return 1;
        }
        if (opened.failed() > 0) {
            report.warn(opened.failed() + " of " + subscribers + " subscribers failed to open");
        }
        List<LoadConnection> all = new ArrayList<>(opened.ready());
        SlowSubscribers slow = new SlowSubscribers(
                SlowSubscribers.pick(opened.ready(), SlowSubscribers.count(opened.ready().size(), slowPercent)));
        // The fast subscribers: the ones measured. Without --slow-percent, all of them.
        List<LoadConnection> subscribed = new ArrayList<>(opened.ready());
        subscribed.removeAll(slow.connections());
        LoadConnection publisher = openPublisher(client.connector(), report.section("publisher"));
        if (publisher == null) {
            report.warn("the publisher failed to open: nothing was measured");
            report.section("close").put("reasons", closeAll(all, client.config().closeTimeout()));
            return 1;
        }
        all.add(publisher);

        long start = System.nanoTime();
        LatencyStats stats = new LatencyStats(start + window.warmup.toNanos(),
                start + window.warmup.toNanos() + window.duration.toNanos());
        BroadcastDeliveries deliveries = new BroadcastDeliveries(stats,
                subscribed.size() - count(closedByReason(subscribed)));
        listen(subscribed, deliveries);
        listen(slow.connections(), slow);
        OpenLoopDriver driver = new OpenLoopDriver(rate, stats, LoadConnection::publish);
        driver.start(List.of(publisher), System.nanoTime());
        sleepUntil(stats.windowStart());
        slow.stop();
        CpuMeter.Sample from = cpu.sample();
        double redisFrom = RedisCpu.cpuSecondsOrNaN(redisCpuUrl, report);
        sleepUntil(stats.windowEnd());
        CpuMeter.Sample to = cpu.sample();
        double redisTo = RedisCpu.cpuSecondsOrNaN(redisCpuUrl, report);
        deliveries.drain(window.drainTimeout);
        Map<String, Long> lost = closedByReason(subscribed);
        // After the fast ones' figures are final: reading the backlog costs the server and this process CPU.
        slow.resume(window.drainTimeout);

        Map<String, Object> results = report.section("results");
        deliveries.putResults(results, seconds(window.duration));
        driver.putSendLag(results, report);
        putCpu(report, "cpu", from, to);
        putRedisCpu(report.section("cpu"), redisFrom, redisTo, (to.wallNanos() - from.wallNanos()) / 1e9);
        if (report.section("cpu").get("systemBusyPercent") instanceof Double busy && busy > MACHINE_BUSY_PERCENT) {
            report.warn("the machine was " + busy + "% busy: deliveries may have queued up for CPU, in the server "
                    + "or the generator (see latency, arrival rate and other work on the machine)");
        }
        Map<String, Object> health = report.section("connections");
        health.put("subscribersLostDuringRun", count(lost));
        health.put("lostReasons", lost);
        health.put("publisherClosed", publisher.closed().getNow("no"));
        putConnectionCounters(health, client.stats());
        if (!slow.connections().isEmpty()) {
            slow.putResults(report.section("slow"));
        }
        warn(report, deliveries.expected(), deliveries.received(), count(lost), publisher, client.stats());
        report.section("close").put("reasons", closeAll(all, client.config().closeTimeout()));
        return 0;
    }

    /**
     * How subscriber number i connects: to --url, or round robin over the --subscriber-url servers, noting in
     * {@code servers} which one each connection went to.
     */
    private IntFunction<LoadConnection> subscriberConnections(LoadClient client, Map<LoadConnection, Integer> servers) {
        if (subscriberTargets.isEmpty()) {
            return client.connector()::connect;
        }
        List<Connector> connectors = subscriberTargets.stream().map(client::connectorTo).toList();
        int n = connectors.size();
        return i -> {
            // Each connector counts its own connections, so each goes through all the source addresses.
            LoadConnection c = connectors.get(i % n).connect(i / n);
            servers.put(c, i % n);
            return c;
        };
    }

    /** Ready subscribers of each --subscriber-url, in its order: the spread the run actually had. */
    private List<Integer> readyPerServer(List<LoadConnection> ready, Map<LoadConnection, Integer> servers) {
        int[] counts = new int[subscriberTargets.size()];
        for (LoadConnection c : ready) {
            counts[servers.get(c)]++;
        }
        return Arrays.stream(counts).boxed().toList();
    }

    private static void putRedisCpu(Map<String, Object> cpu, double from, double to, double wallSeconds) {
        if (!Double.isNaN(from) && !Double.isNaN(to) && wallSeconds > 0) {
            cpu.put("redisCpuSeconds", CpuMeter.round(to - from, 3));
            cpu.put("redisCores", CpuMeter.round((to - from) / wallSeconds, 3));
        }
    }

    private void putSettings(Map<String, Object> settings) {
        Protocol protocol = spec.protocol();
        settings.put("subscribers", subscribers);
        if (!subscriberUrls.isEmpty()) {
            settings.put("subscriberUrls", subscriberUrls);
        }
        settings.put("slowPercent", slowPercent);
        settings.put("payloadBytes", payload);
        if (protocol == Protocol.ws) {
            settings.put("messageType", binary ? "binary" : "text");
            settings.put("serverSends", "each message to every other connection of the path");
        } else {
            settings.put("room", room);
            settings.put("serverSends", "\"" + SocketIoBroadcastTraffic.PUBLISH + "\" [room, payload] as \""
                    + SocketIoBroadcastTraffic.NEWS + "\" [payload] to the room");
        }
        settings.put("targetBroadcastsPerSecond", rate);
        settings.put("targetDeliveriesPerSecond", CpuMeter.round(rate * subscribers, 1));
        settings.put("warmupSeconds", seconds(window.warmup));
        settings.put("durationSeconds", seconds(window.duration));
    }

    /** Opens the publisher after the subscribers, so that every subscriber is in before the first publish. */
    private LoadConnection openPublisher(Connector connector, Map<String, Object> section) throws InterruptedException {
        // The next index after the subscribers': the round robin of source addresses goes on.
        LoadConnection publisher = connector.connect(subscribers, spec.publisher());
        try {
            // Ends by itself: the connector fails a connection not ready after the connect timeout.
            publisher.ready().get();
        } catch (ExecutionException e) {
            section.put("failure", e.getCause().getMessage());
            return null;
        }
        section.put("timeToReadyMicros", CpuMeter.round(publisher.readyNanos() / 1000.0, 1));
        return publisher;
    }

    /** Sets each subscriber's handler of deliveries, on its event loop; returns once all are set. */
    private static void listen(List<LoadConnection> subscribers, LoadConnection.ReplyHandler handler)
            throws InterruptedException {
        CountDownLatch set = new CountDownLatch(subscribers.size());
        for (LoadConnection c : subscribers) {
            c.eventLoop().execute(() -> {
                c.replyHandler(handler);
                set.countDown();
            });
        }
        set.await();
    }

    private static void warn(Report report, long expected, long received, long lost, LoadConnection publisher,
            ConnectionStats stats) {
        if (received < expected) {
            report.warn((expected - received) + " of " + expected
                    + " deliveries of the window's broadcasts did not arrive within the drain timeout");
        } else if (received > expected) {
            report.warn((received - expected) + " deliveries more than expected: duplicates");
        }
        if (stats.mismatchedReplies.sum() > 0) {
            report.warn(stats.mismatchedReplies.sum() + " deliveries were malformed (length, type or stamp)");
        }
        if (lost > 0) {
            report.warn(lost + " subscribers closed during the run: the missing deliveries include theirs");
        }
        if (publisher.closed().isDone()) {
            report.warn("the publisher closed during the run: " + publisher.closed().getNow(""));
        }
    }
}
