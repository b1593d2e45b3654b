package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The chat load of issue 17, section 4: N users of Parley Chat in R rooms, each sending one message every
 * interval, over the chat's own Socket.IO protocol (docs/chat.md). Users connect gradually as new users
 * ({@code {nickname}}), join their room, and only then does sending start, open loop (each user at its own
 * phase of the interval; every message stamped with its scheduled time). Reports, for the window: messages
 * stored per second, latency from the send to the ack (stored) and to each other member's socket
 * (delivered), deliveries per second; for the whole run, per message and member, loss and duplicates; the CPU
 * of the servers ({@code --server-pid}) and of the database ({@code --db-pid}) per message stored.
 *
 * <p>Several servers of one chat ({@code --user-url}, repeated): user {@code u} goes to server
 * {@code (u / rooms) % servers}, so each room's members alternate between the servers.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Issue 17 section 4: N chat users in R rooms, one message each per interval; send to ack and "
                + "to the other members' sockets, loss and duplicates per message and member, server CPU per message.")
final class ChatScenario extends Scenario {
    @Option(names = {"-c", "--users"}, defaultValue = "1000", description = "Users. Default: ${DEFAULT-VALUE}")
    int users;

    @Option(names = "--rooms", defaultValue = "10",
            description = "Rooms; user u is in room u % rooms. Default: ${DEFAULT-VALUE}")
    int rooms;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between two messages of one user. Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--text-length", defaultValue = "60",
            description = "Characters of each message's text (ASCII). Default: ${DEFAULT-VALUE}")
    int textLength;

    @Option(names = "--connect-rate", defaultValue = "50",
            description = "Users connecting per second (each connects, registers its nickname and joins). "
                    + "Default: ${DEFAULT-VALUE}")
    double connectRate;

    @Option(names = "--no-receipts",
            description = "Do not answer each message from someone else with message:delivered (the web page does).")
    boolean noReceipts;

    @Option(names = "--nickname-prefix", paramLabel = "PREFIX",
            description = "Nicknames are PREFIX followed by the user's number. Default: a random one per run.")
    String nicknamePrefix;

    @Option(names = "--room-prefix", defaultValue = "load-",
            description = "Rooms are PREFIX followed by the room's number. Default: ${DEFAULT-VALUE}")
    String roomPrefix;

    @Option(names = "--user-url", paramLabel = "URL",
            description = "Spread the users over these servers of one chat (repeat it). Default: all on --url.")
    List<String> userUrls = new ArrayList<>();

    @Option(names = "--db-pid", paramLabel = "PID", split = ",",
            description = "The database's processes (PostgreSQL backends of the chat's pool, its WAL writer...): "
                    + "their CPU is reported apart from the servers'.")
    List<Long> dbPids = new ArrayList<>();

    @Option(names = "--redis-cpu", paramLabel = "REDIS_URL",
            description = "Also report this Redis server's CPU over the window (INFO cpu).")
    String redisCpuUrl;

    @Mixin
    WindowOptions window;

    private List<Target> targets = List.of();

    @Override
    void validate() {
        requirePositive("--users", users);
        requirePositive("--rooms", rooms);
        requirePositive("--text-length", textLength);
        if (rooms > users) {
            throw new IllegalArgumentException("--rooms (" + rooms + ") is more than --users (" + users + ")");
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("--interval must be above 0, not " + interval);
        }
        if (!(connectRate > 0)) {
            throw new IllegalArgumentException("--connect-rate must be above 0, not " + connectRate);
        }
        if (common.protocol != Protocol.socketio) {
            throw new IllegalArgumentException("the chat speaks Socket.IO: add --protocol socketio");
        }
        targets = userUrls.stream().map(url -> Target.parse(url, Protocol.socketio)).toList();
        if (nicknamePrefix == null) {
            nicknamePrefix = "load" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
        }
    }

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        putSettings(settings);
        List<Connector> connectors = targets.isEmpty() ? List.of(client.connector())
                : targets.stream().map(client::connectorTo).toList();
        String text = MessageSpec.filler(textLength);
        ChatLedger ledger = new ChatLedger(users, rooms);
        ChatTraffic.Plan plan = new ChatTraffic.Plan(ledger, !noReceipts);
        Map<LoadConnection, Integer> userOf = new ConcurrentHashMap<>();
        List<LoadConnection> founders = new ArrayList<>();
        double gapNanos = 1e9 / connectRate;
        long[] paceStart = {System.nanoTime()};
        ConnectionOpener.Result opened = ConnectionOpener.open(u -> {
            if (u == rooms) {
                // Each room's first member has created it: the others join an existing room (see below).
                awaitReadyOrFailed(founders);
                paceStart[0] = System.nanoTime() - (long) (u * gapNanos);
            }
            // Gradually: user u connects at its own time, whatever the others' handshakes do.
            sleepUntil(paceStart[0] + (long) (u * gapNanos));
            // Each connector numbers its own connections for the source addresses; u keeps them all in use.
            LoadConnection c = connectors.get((u / rooms) % connectors.size()).connect(u,
                    ChatTraffic.sessions(plan, u, nicknamePrefix + u, roomPrefix + (u % rooms), text));
            userOf.put(c, u);
            if (u < rooms) {
                founders.add(c);
            }
            return c;
        }, users, client.config().concurrency(), false);
        report.section("open").putAll(opened.figures());
        if (connectors.size() > 1) {
            report.section("open").put("readyPerServer", readyPerServer(opened.ready(), userOf, connectors.size()));
        }
        if (opened.ready().isEmpty()) {
            report.warn("no user became ready: nothing was measured");
            return 1;
        }
        if (opened.failed() > 0) {
            report.warn(opened.failed() + " of " + users + " users failed to connect or join: " + opened.failures());
        }
        List<LoadConnection> senders = new ArrayList<>(opened.ready());
        // In user order, so that the send phases go round the rooms.
        senders.sort(Comparator.comparing(userOf::get));
        senders.forEach(c -> ledger.ready(userOf.get(c)));
        measure(client, report, senders, ledger);
        return 0;
    }

    /**
     * Waits until the rooms' first members are in (or failed). Two first joins of one new room at once can
     * have one refused as {@code invalid_room} (the store's look-alike check sees the room the other join has
     * just created): the chat's race, not this load's subject, so rooms are created before their members
     * crowd in.
     */
    private static void awaitReadyOrFailed(List<LoadConnection> founders) {
        CompletableFuture<?>[] joins = founders.stream().map(c -> c.ready().exceptionally(failure -> null))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(joins).join();
    }

    /** Sends from every ready user through the warm-up and the window, drains, reports. */
    private void measure(LoadClient client, Report report, List<LoadConnection> senders, ChatLedger ledger)
            throws InterruptedException {
        long start = System.nanoTime() + 10_000_000;
        LatencyStats stats = new LatencyStats(start + window.warmup.toNanos(),
                start + window.warmup.toNanos() + window.duration.toNanos());
        ledger.window(stats);
        OpenLoopDriver driver = new OpenLoopDriver(senders.size() / seconds(interval), stats, LoadConnection::publish);
        driver.start(senders, start);
        sleepUntil(stats.windowStart());
        CpuMeter databaseCpu = new CpuMeter(dbPids);
        CpuMeter.Sample from = cpu.sample();
        CpuMeter.Sample dbFrom = databaseCpu.sample();
        double redisFrom = RedisCpu.cpuSecondsOrNaN(redisCpuUrl, report);
        sleepUntil(stats.windowEnd());
        CpuMeter.Sample to = cpu.sample();
        CpuMeter.Sample dbTo = databaseCpu.sample();
        double redisTo = RedisCpu.cpuSecondsOrNaN(redisCpuUrl, report);
        ledger.drain(window.drainTimeout);
        Map<String, Long> lost = closedByReason(senders);

        Map<String, Object> results = report.section("results");
        ledger.putResults(results, seconds(window.duration));
        driver.putSendLag(results, report);
        putCpu(report, "cpu", from, to);
        putPerMessage(report.section("cpu"), (long) results.get("messagesStoredInWindow"),
                CpuMeter.serverCpuSeconds(from, to), CpuMeter.serverCpuSeconds(dbFrom, dbTo), redisTo - redisFrom);
        Map<String, Object> health = report.section("connections");
        health.put("usersLostDuringRun", count(lost));
        health.put("lostReasons", lost);
        putConnectionCounters(health, client.stats());
        warn(report, results, count(lost));
        report.section("close").put("reasons", closeAll(senders, client.config().closeTimeout()));
    }

    /**
     * CPU per message stored in the window, in microseconds: the servers', the database's (with
     * {@code --db-pid}) and Redis's (with {@code --redis-cpu}), each over the same window (NaN: not measured).
     */
    private void putPerMessage(Map<String, Object> cpu, long messages, double serverSeconds, double dbSeconds,
            double redisSeconds) {
        if (messages <= 0) {
            return;
        }
        if (!Double.isNaN(serverSeconds)) {
            cpu.put("serverCpuSeconds", CpuMeter.round(serverSeconds, 3));
            cpu.put("serverCpuMicrosPerMessage", CpuMeter.round(serverSeconds / messages * 1e6, 1));
            double deliveriesPerMessage = Math.max(1, users / rooms - 1);
            cpu.put("serverCpuMicrosPerDelivery", CpuMeter.round(serverSeconds / messages / deliveriesPerMessage * 1e6, 2));
        }
        if (!Double.isNaN(dbSeconds)) {
            cpu.put("databaseCpuSeconds", CpuMeter.round(dbSeconds, 3));
            cpu.put("databaseCpuMicrosPerMessage", CpuMeter.round(dbSeconds / messages * 1e6, 1));
        }
        if (!Double.isNaN(redisSeconds)) {
            cpu.put("redisCpuSeconds", CpuMeter.round(redisSeconds, 3));
            cpu.put("redisCpuMicrosPerMessage", CpuMeter.round(redisSeconds / messages * 1e6, 1));
        }
    }

    /** Ready users per server of --user-url, in its order. */
    private int[] readyPerServer(List<LoadConnection> ready, Map<LoadConnection, Integer> userOf, int servers) {
        int[] counts = new int[servers];
        for (LoadConnection c : ready) {
            counts[(userOf.get(c) / rooms) % servers]++;
        }
        return counts;
    }

    private static void warn(Report report, Map<String, Object> results, long lost) {
        long missing = (long) results.get("missingDeliveries");
        if (missing > 0) {
            report.warn(missing + " deliveries of stored messages never arrived (" + results.get("membersMissingMessages")
                    + " members missed some) within the drain timeout");
        }
        long duplicates = (long) results.get("duplicateDeliveries");
        if (duplicates > 0) {
            report.warn(duplicates + " deliveries were duplicates");
        }
        for (String field : List.of("deliveriesFromOtherRooms", "malformedMessages", "messagesUnanswered",
                "deliveriesNotAcknowledgedToSender")) {
            if (results.get(field) instanceof Long n && n > 0) {
                report.warn(field + ": " + n);
            }
        }
        if (results.get("messagesRefused") instanceof Map<?, ?> refused && !refused.isEmpty()) {
            report.warn("messages refused by the server: " + refused);
        }
        if (lost > 0) {
            report.warn(lost + " users' connections closed during the run: the missing deliveries include theirs");
        }
    }

    private void putSettings(Map<String, Object> settings) {
        settings.put("users", users);
        settings.put("rooms", rooms);
        settings.put("usersPerRoom", users / rooms);
        if (!userUrls.isEmpty()) {
            settings.put("userUrls", userUrls);
        }
        settings.put("intervalSeconds", seconds(interval));
        double rate = users / seconds(interval);
        settings.put("targetMessagesPerSecond", CpuMeter.round(rate, 1));
        settings.put("targetDeliveriesPerSecond", CpuMeter.round(rate * (users / rooms - 1), 1));
        settings.put("textLength", textLength);
        settings.put("receipts", !noReceipts);
        settings.put("connectRatePerSecond", connectRate);
        settings.put("nicknamePrefix", nicknamePrefix);
        settings.put("roomPrefix", roomPrefix);
        settings.put("warmupSeconds", seconds(window.warmup));
        settings.put("durationSeconds", seconds(window.duration));
        settings.put("drainTimeoutSeconds", seconds(window.drainTimeout));
        if (!dbPids.isEmpty()) {
            settings.put("databasePids", dbPids);
        }
    }
}
