package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.NodeProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parley Chat on two {@code parley serve} nodes (one PostgreSQL database, one Redis) with the official client
 * ({@code chat-cluster-recovery.mjs}): user X on node A loses its connection, node A is then killed (SIGKILL),
 * user Y on node B sends messages meanwhile, and X comes back on node B. With {@code --adapter streams} X's
 * session is recovered there: every missed message exactly once, in order, and X is still in the room. With
 * the classic adapter (sessions kept in node A's memory) the same scenario gives a fresh session, in no room.
 */
class ChatClusterRecoveryIT {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MISSED = 5;
    private static final Pattern PID = Pattern.compile("\"pid\":\"([^\"]+)\"");

    @TempDir
    Path dataDirs;

    @Test
    void withTheStreamsAdapterAUserDroppedOnOneNodeRecoversOnTheOtherAndMissesNothing() throws Exception {
        String output = dropOnAKillAResumeOnB("streams", "recovered");
        assertThat(output).contains("{\"ev\":\"resumed\",\"recovered\":true,\"sameId\":true}");
        StringBuilder expected = new StringBuilder("{\"ev\":\"received\",\"texts\":[\"before\"");
        for (int i = 1; i <= MISSED; i++) {
            expected.append(",\"missed-").append(i).append('"');
        }
        // Each once, in order, and X's own message sent on node B without joining the room again.
        assertThat(output).contains(expected.append(",\"back\"]}"));
    }

    @Test
    void withTheClassicAdapterTheSameUserGetsAFreshSession() throws Exception {
        String output = dropOnAKillAResumeOnB("classic", "fresh");
        // The fresh socket is in none of the rooms: it receives nothing of them. (Whether its user may still send
        // there without joining depends on the moment: their tab on the killed node counts in the cluster's
        // presence until that node's liveness key expires, --node-ttl.)
        assertThat(output).contains("{\"ev\":\"resumed\",\"recovered\":false,\"sameId\":false}")
                .contains("{\"ev\":\"received\",\"texts\":[\"before\"]}");
    }

    /** The scenario on two chat nodes with {@code adapter}; returns what the Node script printed. */
    private String dropOnAKillAResumeOnB(String adapter, String expect) throws Exception {
        String key = "parley-chat-recovery-" + UUID.randomUUID();
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect();
                PostgresDatabase db = PostgresDatabase.create()) {
            Map<String, String> env = new HashMap<>(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                    "PARLEY_DB", db.jdbcUrl(), "PARLEY_DB_USER", PostgresDatabase.USER, "PARLEY_ADAPTER", adapter,
                    "PARLEY_REDIS", REDIS, "PARLEY_REDIS_KEY", key));
            if (adapter.equals("streams")) {
                env.put("PARLEY_REDIS_STREAM_NAME", key);
            }
            // Both at once, as a deployment starts them: Flyway migrates the shared database under a lock.
            CompletableFuture<ServeProcess> startingB = CompletableFuture.supplyAsync(() -> start(withDataDir(env, "b")));
            ServeProcess startedA;
            try {
                startedA = start(withDataDir(env, "a"));
            } catch (RuntimeException e) {
                ServeProcess startedB = startingB.exceptionally(t -> null).join();
                if (startedB != null) {
                    startedB.close();
                }
                throw e;
            }
            try (ServeProcess nodeA = startedA;
                    ServeProcess nodeB = startingB.join();
                    NodeProcess users = NodeProcess.start(Map.of(), "chat-cluster-recovery.mjs", nodeA.url, nodeB.url,
                            "ops", String.valueOf(MISSED), expect)) {
                String dropped = users.await(l -> l.contains("\"ev\":\"dropped\""), WAIT);
                assertThat(dropped).contains("\"reason\":\"forced close\""); // the client closed its transport
                if (adapter.equals("streams")) {
                    // Node A stored the session in Redis when the socket dropped: killing it now loses nothing.
                    String sessionKey = "sio:session:" + pid(dropped);
                    await().atMost(WAIT).until(() -> redis.sync().exists(sessionKey) == 1);
                }
                nodeA.process.destroyForcibly(); // SIGKILL: node A is gone, no shutdown of any kind
                assertThat(nodeA.process.waitFor(ServeProcess.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                users.send("node A is gone");
                users.await(l -> l.equals("{\"ev\":\"done\"}"), WAIT);
                return String.join("\n", users.printed(l -> true));
            } finally {
                RedisKeys.deleteAll(key);
            }
        } finally {
            client.shutdown();
        }
    }

    private static ServeProcess start(Map<String, String> env) {
        try {
            return ServeProcess.start(env);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private Map<String, String> withDataDir(Map<String, String> env, String node) {
        Map<String, String> withDir = new HashMap<>(env);
        withDir.put("PARLEY_DATA_DIR", dataDirs.resolve(node).toString());
        return withDir;
    }

    private static String pid(String dropped) {
        Matcher m = PID.matcher(dropped);
        assertThat(m.find()).as(dropped).isTrue();
        return m.group(1);
    }
}
