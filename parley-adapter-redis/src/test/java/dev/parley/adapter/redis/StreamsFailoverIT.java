package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.redis.wire.StreamIds;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The streams adapter through a master's failover: a Redis Cluster of 3 masters with a replica each, two Parley
 * nodes with the streams protocol and recovery, official socket.io-client clients (run by
 * {@code streams-peer.mjs}, which starts no server here). The master of the stream's slot is killed once the
 * stream and a dropped client's session are on its replica; once the replica has taken over, each node's reader
 * of that stream reads on from its last id on the new master: every broadcast that became an entry there reaches
 * the clients of both nodes (none skipped), and the dropped client recovers on the other node with the
 * broadcasts it missed before the failover and none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsFailoverIT {
    private static final Duration WINDOW = Duration.ofSeconds(120);
    private static final String PREFIX = "streams-failover-it";
    private static final String STREAM = "streams-failover-it-stream";
    private static final String SESSIONS = PREFIX + ":session:";
    private static final Pattern MARK = Pattern.compile("\"(mark-\\d+)\"");

    private final AtomicInteger marks = new AtomicInteger();
    /** What the last {@link #allCross} found lost. */
    private volatile List<String> lastMissing = List.of();
    private LocalRedisCluster redis;
    private StreamsPeer clients;
    private StreamsNode a;
    private StreamsNode b;

    @BeforeAll
    void start() throws Exception {
        redis = LocalRedisCluster.start(3, 1);
        clients = new StreamsPeer(Map.of());
        a = new StreamsNode("A", options(redis.uri(1)), WINDOW);
        b = new StreamsNode("B", options(redis.uri(2)), WINDOW);
    }

    private static RedisAdapterOptions options(String uri) {
        return RedisAdapterOptions.of(uri).withKey(PREFIX).withRequestsTimeout(Duration.ofSeconds(2))
                .withStreams(StreamOptions.defaults().withStreamName(STREAM).withSessionKeyPrefix(SESSIONS));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (AutoCloseable c : new AutoCloseable[] {clients, a, b}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void readersResumeOnTheNewMasterAndADroppedClientRecoversAcrossTheFailover() throws Exception {
        // c: dropped before the failover, resumed after it on B; d on B and e on A watch room "probe".
        clients.call("client", "url", a.url(), "name", "c", "rooms", List.of("r"));
        clients.call("client", "url", b.url(), "name", "d", "rooms", List.of("r", "probe"));
        clients.call("client", "url", a.url(), "name", "e", "rooms", List.of("probe"));
        a.io.to("r").emit("tick", 1);
        await().until(() -> ticks("c").size() == 1 && ticks("d").size() == 1);
        String pid = (String) clients.call("drop", "name", "c").get("pid");
        await().until(() -> ask(c -> c.exists(SESSIONS + pid)) == 1);
        b.io.to("r").emit("tick", 2);
        await().until(() -> ticks("d").size() == 2); // in the stream before 3
        a.io.to("r").emit("tick", 3);
        await().until(() -> ticks("d").size() == 3);

        int master = masterOf(STREAM);
        // Replication is asynchronous: the stream and the session must be on the replica before its master dies,
        // or the failover itself loses them (no adapter can help that).
        int sessionMaster = masterOf(SESSIONS + pid);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicated(master) && replicated(sessionMaster));
        redis.kill(master);

        // Until the replica is promoted and the readers and XADDs are on it, broadcasts are lost (counted).
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(this::allCross);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("broadcasts still lost after the failover: " + lastMissing, e);
        }
        assertThat(masterOf(STREAM)).as("the stream's slot moved to the promoted replica").isNotEqualTo(master);

        // Every broadcast the new master holds reached both nodes' clients: the readers went on from their last id.
        Set<String> inStream = new HashSet<>();
        for (var entry : streamEntries()) {
            Matcher mark = MARK.matcher(entry.getBody().getOrDefault("data", ""));
            if (mark.find()) {
                inStream.add(mark.group(1));
            }
        }
        assertThat(inStream).isNotEmpty();
        assertThat(received("d")).containsAll(inStream);
        assertThat(received("e")).containsAll(inStream);

        Map<String, Object> resumed = clients.call("resume", "name", "c", "url", b.url());
        assertThat(resumed).containsEntry("recovered", true);
        for (int i = 4; i <= 13; i++) {
            (i % 2 == 0 ? a : b).io.to("r").emit("tick", i);
        }
        await().until(() -> ticks("c").size() >= 13 && ticks("d").size() >= 13);
        List<Integer> got = ticks("c").stream().map(t -> ((Number) t.get(0)).intValue()).toList();
        assertThat(got.subList(0, 3)).as("what c had, then what it missed before the failover").containsExactly(1, 2, 3);
        // A and B append 4..13 concurrently: the stream's order is the one that counts (the offsets).
        assertThat(got.subList(3, got.size())).as("the live ones, once each")
                .containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        List<String> offsets = ticks("c").stream().map(t -> (String) t.get(1)).toList();
        assertThat(offsets).as("in stream order").doesNotHaveDuplicates().isSortedAccordingTo(StreamIds::compare);
        assertThat(ticks("d").stream().map(t -> (String) t.get(1)).toList()).isEqualTo(offsets);
    }

    /**
     * Whether fresh broadcasts to room "probe" from each node reach the client of the other node (each through
     * the stream: the reader of the receiving node read it).
     */
    private boolean allCross() throws Exception {
        List<String> missing = new ArrayList<>();
        crosses("A", a, "d", missing);
        crosses("B", b, "e", missing);
        lastMissing = missing;
        return missing.isEmpty();
    }

    /** Emits a fresh marker to "probe"; whether the client {@code to} gets it within 2 s (if not, notes it). */
    private void crosses(String from, StreamsNode node, String to, List<String> missing) throws Exception {
        String mark = "mark-" + marks.incrementAndGet();
        node.io.to("probe").emit("mark", mark);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (received(to).contains(mark)) {
                return;
            }
            Thread.sleep(20); // polling what the Node client printed
        }
        missing.add(from + " -> " + to);
    }

    private Set<String> received(String client) {
        Set<String> got = new HashSet<>();
        clients.events(client, "mark").forEach(args -> got.add((String) args.get(0)));
        return got;
    }

    private List<List<Object>> ticks(String client) {
        return clients.events(client, "tick");
    }

    /** Whether the master's replica has everything the master wrote (its acknowledged offset is the master's). */
    private boolean replicated(int master) throws Exception {
        String info = redis.cli(master, "info", "replication");
        Matcher own = Pattern.compile("master_repl_offset:(\\d+)").matcher(info);
        Matcher replica = Pattern.compile("slave0:.*state=online,offset=(\\d+)").matcher(info);
        return own.find() && replica.find() && own.group(1).equals(replica.group(1));
    }

    private List<io.lettuce.core.StreamMessage<String, String>> streamEntries() {
        return ask(c -> c.xrange(STREAM, Range.create("-", "+")));
    }

    /** The index of the node that is master of the key's slot now. */
    private int masterOf(String key) {
        return ask(c -> redis.ports().indexOf(c.getStatefulConnection().getPartitions()
                .getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort()));
    }

    /** Asks the cluster through a fresh client (its view of the topology is the current one), from a live node. */
    private <T> T ask(java.util.function.Function<RedisAdvancedClusterCommands<String, String>, T> question) {
        for (int asked = 0; asked < redis.ports().size(); asked++) {
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(redis.uri(asked)));
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                return question.apply(c.sync());
            } catch (RuntimeException e) {
                // that node is down: ask another
            } finally {
                client.shutdown();
            }
        }
        throw new AssertionError("no node of the cluster answers");
    }
}
