package dev.parley.adapter.redis;

import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the tests that change a Redis Cluster under Parley nodes (a failover, a resharding) share: asking the
 * cluster as it is now, whether a fresh broadcast reaches a client, and stopping everything.
 */
final class ClusterChanges {
    /** How long a fresh broadcast may take to reach a client before it counts as lost: 2 s. */
    private static final long CROSSING_NANOS = TimeUnit.SECONDS.toNanos(2);

    private ClusterChanges() {
    }

    /** Asks the cluster through a fresh client (its view of the topology is the current one), from a live node. */
    static <T> T ask(LocalRedisCluster redis, Function<RedisAdvancedClusterCommands<String, String>, T> question) {
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

    /** The index of the node that is master of the key's (or channel's) slot now. */
    static int masterOf(LocalRedisCluster redis, String key) {
        return masterOf(redis, List.of(key)).get(0);
    }

    static List<Integer> masterOf(LocalRedisCluster redis, List<String> keys) {
        return ask(redis, c -> keys.stream().map(key -> redis.ports().indexOf(c.getStatefulConnection().getPartitions()
                .getMasterBySlot(SlotHash.getSlot(key)).getUri().getPort())).toList());
    }

    /** Emits something fresh; whether {@code arrived} sees it within 2 s (if not, notes {@code what} in {@code missing}). */
    static void crosses(String what, Emit emit, Predicate<String> arrived, List<String> missing, String fresh)
            throws Exception {
        emit.emit(fresh);
        long deadline = System.nanoTime() + CROSSING_NANOS;
        while (System.nanoTime() < deadline) {
            if (arrived.test(fresh)) {
                return;
            }
            Thread.sleep(20); // polling what the Node clients printed
        }
        missing.add(what);
    }

    /** Emits one event (its name or argument is the fresh marker). */
    interface Emit {
        void emit(String marker) throws Exception;
    }

    /**
     * Moves a slot from one master to another, live, as {@code redis-cli --cluster reshard} does: importing on the
     * target, migrating on the source, its keys moved with {@code MIGRATE}, then the new owner on every master
     * (of a cluster of three).
     */
    static void moveSlot(LocalRedisCluster redis, int slot, int from, int to) throws Exception {
        String fromId = redis.cli(from, "cluster", "myid");
        String toId = redis.cli(to, "cluster", "myid");
        String s = String.valueOf(slot);
        check(redis.cli(to, "cluster", "setslot", s, "importing", fromId));
        check(redis.cli(from, "cluster", "setslot", s, "migrating", toId));
        for (String key : redis.cli(from, "cluster", "getkeysinslot", s, "1000").lines().filter(k -> !k.isBlank()).toList()) {
            check(redis.cli(from, "migrate", "127.0.0.1", String.valueOf(redis.ports().get(to)), key, "0", "5000"));
        }
        for (int node : List.of(to, from, 3 - from - to)) {
            check(redis.cli(node, "cluster", "setslot", s, "node", toId));
        }
    }

    private static void check(String reply) {
        if (!reply.equals("OK")) {
            throw new AssertionError("Redis answered " + reply);
        }
    }

    /** Closes the nodes and peers (nulls skipped), then the cluster, even if a close fails. */
    static void stop(LocalRedisCluster redis, AutoCloseable... closeables) throws Exception {
        try {
            for (AutoCloseable c : closeables) {
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
}
