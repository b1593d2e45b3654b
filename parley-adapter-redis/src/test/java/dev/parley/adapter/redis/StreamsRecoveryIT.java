package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery on any server of a mixed cluster over Redis streams: a Node.js socket.io server
 * with the official {@code @socket.io/redis-streams-adapter} 0.3.1 and two Parley nodes, official
 * socket.io-client clients. A client drops from one server and comes back on another: it must get
 * {@code recovered === true}, its id, rooms and data, and every broadcast it missed, in order, once, then
 * the live ones. Each test has its own stream, channel prefix and session key prefix on the Redis at 6379.
 */
class StreamsRecoveryIT {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final String prefix = "streams-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String stream = prefix + "-stream";
    private final String sessionPrefix = prefix + ":session:";
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private StreamsPeer node;
    private StreamsNode a;
    private StreamsNode b;
    private String nodeUrl;

    @BeforeEach
    void start() throws Exception {
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
        connection = redisClient.connect();
        redis = connection.sync();
        node = new StreamsPeer(Map.of("STREAM", stream, "KEY", prefix, "SESSION_PREFIX", sessionPrefix,
                "WINDOW_MS", String.valueOf(WINDOW.toMillis())));
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        a = parley("A");
        b = parley("B");
    }

    private StreamsNode parley(String name) throws Exception {
        return new StreamsNode(name, RedisAdapterOptions.of("redis://127.0.0.1:6379").withKey(prefix)
                .withStreams(StreamOptions.defaults().withStreamName(stream).withSessionKeyPrefix(sessionPrefix)), WINDOW);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, a, b}) {
            if (c != null) {
                c.close();
            }
        }
        redis.del(stream);
        connection.close();
        redisClient.shutdown();
    }

    @Test
    void parleyToParley() throws Exception {
        roundTrip(a.url(), b.url(), "A");
    }

    @Test
    void nodeToParley() throws Exception {
        roundTrip(nodeUrl, a.url(), "node");
    }

    @Test
    void parleyToNode() throws Exception {
        roundTrip(b.url(), nodeUrl, "B");
    }

    /**
     * A client on {@code from} in room r gets tick 1, drops; ticks 2-4 are broadcast to r from all three
     * servers (and one to another room); it comes back on {@code to}: recovered, same id, rooms and data,
     * ticks 2-4 in order, then tick 5 live.
     */
    private void roundTrip(String from, String to, String firstServer) throws Exception {
        String sid = (String) node.call("client", "url", from, "name", "c", "rooms", List.of("r")).get("sid");
        tick(() -> b.io.to("r").emit("tick", 1));
        await().until(() -> ticks("c").size() == 1);
        Map<String, Object> dropped = node.call("drop", "name", "c");
        String pid = (String) dropped.get("pid");
        assertThat(dropped.get("offset")).isEqualTo(ticks("c").get(0).get(1)); // the stream id, as Node stamps it
        await().until(() -> redis.exists(sessionPrefix + pid) == 1); // the first server persisted it
        assertThat(redis.pttl(sessionPrefix + pid)).isPositive().isLessThanOrEqualTo(WINDOW.toMillis());

        tick(() -> node.call("emit", "rooms", List.of("r"), "event", "tick", "args", List.of(2)));
        tick(() -> a.io.to("r").emit("tick", 3));
        tick(() -> b.io.to("other").emit("tick", 99));
        tick(() -> b.io.emit("tick", 4));

        Map<String, Object> resumed = node.call("resume", "name", "c", "url", to);
        assertThat(resumed).containsEntry("recovered", true).containsEntry("sid", sid);
        tick(() -> a.io.to("r").emit("tick", 5));
        await().until(() -> ticks("c").size() >= 5);
        assertThat(ticks("c").stream().map(t -> ((Number) t.get(0)).intValue()).toList()).containsExactly(1, 2, 3, 4, 5);
        for (List<Object> tick : ticks("c")) {
            assertThat((String) tick.get(1)).matches("[0-9]+-[0-9]+");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) node.call("state", "name", "c").get("state");
        assertThat(state).containsEntry("id", sid);
        assertThat(state.get("rooms")).isEqualTo(List.of("r", sid).stream().sorted().toList());
        assertThat(state.get("data")).isEqualTo(Map.of("server", firstServer.equals("node") ? "node" : firstServer,
                "name", "c"));
        assertThat(redis.exists(sessionPrefix + pid)).isZero(); // restored once
    }

    /** A restore while broadcasts keep coming: every one arrives once, in stream order, none lost. */
    @Test
    void broadcastsDuringTheRestoreAreNeitherLostNorDuplicated() throws Exception {
        node.call("client", "url", a.url(), "name", "c", "rooms", List.of("r"));
        tick(() -> a.io.to("r").emit("tick", 0));
        await().until(() -> ticks("c").size() == 1);
        String pid = (String) node.call("drop", "name", "c").get("pid");
        await().until(() -> redis.exists(sessionPrefix + pid) == 1);
        for (int i = 1; i <= 50; i++) {
            b.io.to("r").emit("tick", i);
        }
        // Broadcasts from both Parley nodes all through the restore, and a while after it.
        java.util.concurrent.atomic.AtomicBoolean resumed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger(50);
        Thread emitter = new Thread(() -> {
            int after = 0;
            try (StatefulRedisConnection<String, String> own = redisClient.connect()) {
                while (after < 100 && sent.get() < 5_000) {
                    int i = sent.incrementAndGet();
                    (i % 2 == 0 ? a : b).io.to("r").emit("tick", i);
                    if (resumed.get()) {
                        after++;
                    }
                    // Paced by Redis (one append in flight), so that many land while the restore runs.
                    long appended = i + 1;
                    while (own.sync().xlen(stream) < appended) {
                        Thread.onSpinWait();
                    }
                }
            }
        });
        emitter.start();
        await().until(() -> redis.xlen(stream) > 100);
        assertThat(node.call("resume", "name", "c", "url", b.url())).containsEntry("recovered", true);
        resumed.set(true);
        emitter.join();
        int total = sent.get();
        await().until(() -> redis.xlen(stream) >= total + 1);
        await().until(() -> ticks("c").size() >= total + 1);
        List<String> ids = new ArrayList<>();
        ticks("c").forEach(t -> ids.add((String) t.get(1)));
        // Exactly the stream, in its order: no gap, no duplicate (A's and B's ticks interleave in the stream).
        List<String> inStream = new ArrayList<>();
        redis.xrange(stream, io.lettuce.core.Range.create("-", "+")).forEach(e -> inStream.add(e.getId()));
        assertThat(ids).containsExactlyElementsOf(inStream);
        assertThat(ticks("c")).hasSize(total + 1);
    }

    /** A missed broadcast with binary (base64 MessagePack in the stream) is replayed as binary, by Parley and by Node. */
    @Test
    void missedBinaryBroadcastsAreReplayed() throws Exception {
        for (String to : List.of(b.url(), nodeUrl)) {
            String name = to.equals(nodeUrl) ? "to-node" : "to-parley";
            node.call("client", "url", a.url(), "name", name, "rooms", List.of("r"));
            tick(() -> a.io.to("r").emit("tick", 1));
            await().until(() -> node.events(name, "tick").size() == 1);
            String pid = (String) node.call("drop", "name", name).get("pid");
            await().until(() -> redis.exists(sessionPrefix + pid) == 1);
            tick(() -> b.io.to("r").emit("bin", new byte[] {1, 2, 3}, Map.of("nested", new byte[] {4})));
            assertThat(node.call("resume", "name", name, "url", to)).as(name).containsEntry("recovered", true);
            await().until(() -> node.events(name, "bin").size() == 1);
            List<Object> args = node.events(name, "bin").get(0);
            assertThat(args.get(0)).as(name).isEqualTo(Map.of("type", "Buffer", "data", List.of(1, 2, 3)));
            assertThat(args.get(1)).as(name).isEqualTo(Map.of("nested", Map.of("type", "Buffer", "data", List.of(4))));
            assertThat((String) args.get(2)).as(name).matches("[0-9]+-[0-9]+");
            node.call("closeClient", "name", name);
        }
    }

    @Test
    void aTrimmedStreamGivesAFreshSession() throws Exception {
        String sid = (String) node.call("client", "url", a.url(), "name", "c", "rooms", List.of("r")).get("sid");
        tick(() -> a.io.to("r").emit("tick", 1));
        await().until(() -> ticks("c").size() == 1);
        String pid = (String) node.call("drop", "name", "c").get("pid");
        await().until(() -> redis.exists(sessionPrefix + pid) == 1);
        tick(() -> a.io.to("r").emit("tick", 2));
        redis.xtrim(stream, 0); // the client's offset is gone: what it missed cannot be known
        Map<String, Object> resumed = node.call("resume", "name", "c", "url", b.url());
        assertThat(resumed).containsEntry("recovered", false);
        assertThat(resumed.get("sid")).isNotEqualTo(sid);
    }

    @Test
    void anExpiredSessionGivesAFreshSession() throws Exception {
        String sid = (String) node.call("client", "url", a.url(), "name", "c", "rooms", List.of("r")).get("sid");
        tick(() -> a.io.to("r").emit("tick", 1));
        await().until(() -> ticks("c").size() == 1);
        String pid = (String) node.call("drop", "name", "c").get("pid");
        await().until(() -> redis.exists(sessionPrefix + pid) == 1);
        redis.del(sessionPrefix + pid); // what Redis does when the PX window ends
        Map<String, Object> resumed = node.call("resume", "name", "c", "url", nodeUrl);
        assertThat(resumed).containsEntry("recovered", false);
        assertThat(resumed.get("sid")).isNotEqualTo(sid);
    }

    @Test
    void recoversOnARestartedNode() throws Exception {
        String sid = (String) node.call("client", "url", a.url(), "name", "c", "rooms", List.of("r")).get("sid");
        tick(() -> a.io.to("r").emit("tick", 1));
        await().until(() -> ticks("c").size() == 1);
        String pid = (String) node.call("drop", "name", "c").get("pid");
        await().until(() -> redis.exists(sessionPrefix + pid) == 1);
        a.close();
        tick(() -> b.io.to("r").emit("tick", 2));
        a = parley("A"); // a new process of node A: everything it needs is in Redis
        Map<String, Object> resumed = node.call("resume", "name", "c", "url", a.url());
        assertThat(resumed).containsEntry("recovered", true).containsEntry("sid", sid);
        await().until(() -> ticks("c").size() >= 2);
        assertThat(ticks("c").stream().map(t -> ((Number) t.get(0)).intValue()).toList()).containsExactly(1, 2);
    }

    private List<List<Object>> ticks(String client) {
        return node.events(client, "tick");
    }

    /** Runs a broadcast and waits until its entry is in the stream, so that the test's order is the stream's. */
    private void tick(ThrowingRunnable broadcast) throws Exception {
        long before = redis.xlen(stream);
        broadcast.run();
        await().until(() -> redis.xlen(stream) > before);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
