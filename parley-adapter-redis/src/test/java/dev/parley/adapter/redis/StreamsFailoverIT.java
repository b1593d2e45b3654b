package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.redis.wire.StreamIds;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The streams adapter through a master's failover: a Redis Cluster of 3 masters with a replica each, two Parley
 * nodes with the streams protocol and recovery, official socket.io-client clients (Node.js). The master of the
 * stream's slot is killed; once its replica has taken over, each node's reader reads the stream from the new
 * master and its XADDs go there: broadcasts cross again, and a client that drops on one node recovers on the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsFailoverIT {
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String PREFIX = "streams-failover-it";
    private static final String STREAM = "parley-failover-stream";
    private static final String SESSIONS = PREFIX + ":session:";

    private final AtomicInteger marks = new AtomicInteger();
    private LocalRedisCluster redis;
    private StreamsPeer clients;
    private StreamsNode a;
    private StreamsNode b;

    @BeforeAll
    void start() throws Exception {
        redis = LocalRedisCluster.start(3, 1);
        clients = new StreamsPeer(Map.of());
        a = parley("A", redis.uri(1));
        b = parley("B", redis.uri(2));
    }

    private StreamsNode parley(String name, String uri) throws Exception {
        return new StreamsNode(name, RedisAdapterOptions.of(uri).withKey(PREFIX).withStreams(StreamOptions.defaults()
                .withStreamName(STREAM).withSessionKeyPrefix(SESSIONS)), WINDOW);
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
    void broadcastsAndRecoveryGoOnAfterTheStreamsMasterFailsOver() throws Exception {
        String sid = (String) clients.call("client", "url", a.url(), "name", "c", "rooms", List.of("r")).get("sid");
        assertThat(crosses(b, "c")).isTrue();
        int master = masterOf(STREAM);

        redis.kill(master);

        // Until the replica is promoted and the readers and the command connection reach it, broadcasts are lost.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> crosses(b, "c"));
        assertThat(masterOf(STREAM)).as("the stream's slot moved to the promoted replica").isNotEqualTo(master);

        // Recovery across nodes on the new master: the session key and the stream are read there.
        int before = ticks("c").size();
        Map<String, Object> dropped = clients.call("drop", "name", "c");
        String pid = (String) dropped.get("pid");
        await().atMost(Duration.ofSeconds(10)).until(() -> exists(SESSIONS + pid));
        b.io.to("r").emit("tick", "missed");
        await().atMost(Duration.ofSeconds(10)).until(() -> length(STREAM) > 0 && lastIsMissed());
        Map<String, Object> resumed = clients.call("resume", "name", "c", "url", b.url());
        assertThat(resumed).containsEntry("recovered", true).containsEntry("sid", sid);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks("c").size() > before);
        List<Object> missed = ticks("c").get(ticks("c").size() - 1);
        assertThat(missed.get(0)).isEqualTo("missed");
        assertThat((String) missed.get(1)).matches(s -> StreamIds.isValid(s), "a stream id");
    }

    /** Emits a fresh tick from {@code from} to room r; whether the client gets it within 2 s. */
    private boolean crosses(StreamsNode from, String client) throws InterruptedException {
        String mark = "mark-" + marks.incrementAndGet();
        from.io.to("r").emit("tick", mark);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (ticks(client).stream().anyMatch(t -> mark.equals(t.get(0)))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private List<List<Object>> ticks(String client) {
        return clients.events(client, "tick");
    }

    private boolean exists(String key) {
        return withCluster(c -> c.sync().exists(key) == 1);
    }

    private long length(String stream) {
        return withCluster(c -> c.sync().xlen(stream));
    }

    private boolean lastIsMissed() {
        return withCluster(c -> c.sync().xrevrange(STREAM, io.lettuce.core.Range.create("-", "+"),
                io.lettuce.core.Limit.from(1)).get(0).getBody().get("data").contains("missed"));
    }

    /** The index of the node that is master of the key's slot now. */
    private int masterOf(String key) {
        return withCluster(c -> redis.ports().indexOf(
                c.getPartitions().getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort()));
    }

    /** Runs a query on a fresh cluster connection through the first live node. */
    private <T> T withCluster(java.util.function.Function<StatefulRedisClusterConnection<String, String>, T> query) {
        RuntimeException last = null;
        for (int seed = 0; seed < redis.ports().size(); seed++) {
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(redis.uri(seed)));
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                return query.apply(c);
            } catch (RuntimeException e) {
                last = e; // that node is down, or the cluster is still electing: try another
            } finally {
                client.shutdown();
            }
        }
        throw last;
    }
}
