package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.redis.wire.StreamIds;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streams adapter while the Redis Cluster under it changes: a Redis Cluster of 3 masters with a replica each
 * (started for each test), two Parley nodes with the streams protocol and recovery, official socket.io-client
 * clients (run by {@code streams-peer.mjs}, which starts no server here). The stream's slot gets another master:
 * its master is killed once the stream and a dropped client's session are on its replica (a failover), or the
 * slot and its keys are moved to another live master (a resharding). Then each node's reader of the stream reads
 * on from its last id on the new master: every broadcast that became an entry there reaches the clients of both
 * nodes (none skipped), and the dropped client recovers on the other node with the broadcasts it missed before the
 * change, and none twice.
 */
class StreamsTopologyChangeIT {
    private static final Duration WINDOW = Duration.ofSeconds(120);
    private static final String PREFIX = "streams-topology-it";
    private static final String STREAM = "streams-topology-it-stream";
    private static final String SESSIONS = PREFIX + ":session:";
    private static final Pattern MARK = Pattern.compile("\"(mark-\\d+)\"");

    private final AtomicInteger marks = new AtomicInteger();
    /** What the last {@link #allCross} found lost. */
    private volatile List<String> lastMissing = List.of();
    private LocalRedisCluster redis;
    private StreamsPeer clients;
    private StreamsNode a;
    private StreamsNode b;

    @BeforeEach
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

    @AfterEach
    void stop() throws Exception {
        ClusterChanges.stop(redis, clients, a, b);
    }

    @Test
    void readersResumeOnThePromotedReplicaAndADroppedClientRecoversAcrossTheFailover() throws Exception {
        readersAndRecoverySurvive("failover", (master, pid) -> {
            // Replication is asynchronous: the stream and the session must be on the replica before its master
            // dies, or the failover itself loses them (no adapter can help that).
            int sessionMaster = masterOf(SESSIONS + pid);
            await().atMost(Duration.ofSeconds(10)).until(() -> replicated(master) && replicated(sessionMaster));
            redis.kill(master);
        });
    }

    @Test
    void readersFollowTheStreamToAnotherMasterAndADroppedClientRecoversAcrossTheResharding() throws Exception {
        readersAndRecoverySurvive("resharding", (master, pid) ->
                ClusterChanges.moveSlot(redis, SlotHash.getSlot(STREAM), master, (master + 1) % 3));
    }

    /** Moves the stream's slot away from its master; the dropped client's session is at {@code pid}. */
    private interface Change {
        void apply(int master, String pid) throws Exception;
    }

    private void readersAndRecoverySurvive(String what, Change change) throws Exception {
        // c: dropped before the change, resumed after it on B; d on B and e on A watch room "probe".
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
        change.apply(master, pid);

        // Until the readers and XADDs are on the new master, broadcasts may be lost (counted).
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(this::allCross);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("broadcasts still lost after the " + what + ": " + lastMissing, e);
        }
        assertThat(masterOf(STREAM)).as("the stream's slot has another master").isNotEqualTo(master);

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
        assertThat(got.subList(0, 3)).as("what c had, then what it missed before the " + what).containsExactly(1, 2, 3);
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
        ClusterChanges.crosses(from + " -> " + to, mark -> node.io.to("probe").emit("mark", mark),
                mark -> received(to).contains(mark), missing, "mark-" + marks.incrementAndGet());
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
        return ClusterChanges.ask(redis, c -> c.xrange(STREAM, Range.create("-", "+")));
    }

    private <T> T ask(java.util.function.Function<io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands<String, String>,
            T> question) {
        return ClusterChanges.ask(redis, question);
    }

    private int masterOf(String key) {
        return ClusterChanges.masterOf(redis, key);
    }
}
