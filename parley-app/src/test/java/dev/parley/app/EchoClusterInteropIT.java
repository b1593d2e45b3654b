package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeProcess;
import dev.parley.testkit.NodeScripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code parley serve --app echo --redis ...} and the Node socket.io echo peer of the benchmarks (socket.io
 * 4.8.1 with {@code @socket.io/redis-adapter} 8.3.0 over node-redis, the peer S11 measures Parley against)
 * on one Redis key form one cluster: official socket.io-client clients on either server, in {@code /} and
 * {@code /custom}, get each other's {@code broadcast}s as {@code news}, and only those of their namespace and
 * room. The same with the streams adapter and a stream count of 4 on both sides.
 */
class EchoClusterInteropIT {
    /** The CI's Redis (.ci/run starts it). */
    private static final String REDIS = "redis://127.0.0.1:6379";
    /** The benchmark peers' folder: the Node server is run as the harness runs it. */
    private static final String BENCHMARK_PEERS = "parley-benchmarks/peers/node";
    private static final Pattern NODE_LISTENING = Pattern.compile("socket\\.io echo listening on (\\d+)");
    private static final Duration WAIT = Duration.ofSeconds(ServeProcess.WAIT_SECONDS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parleyAndNodeEchoServersOnOneKeyBroadcastToEachOthersClients() throws Exception {
        String key = "parley-echo-interop-" + UUID.randomUUID();
        RedisClient redisClient = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = redisClient.connect();
                ServeProcess parley = ServeProcess.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"),
                        "--redis", REDIS, "--redis-key", key);
                NodeProcess node = NodeProcess.start(NodeScripts.installedDirectory(BENCHMARK_PEERS),
                        Map.of("REDIS_URL", REDIS, "REDIS_KEY", key), "socketio-echo-server.mjs", "0")) {
            // Each server's adapter of each namespace listens on the key's request channel: both are in.
            assertBroadcastsCross(redis, parley, node, nsp -> key + "-request#" + nsp + "#");
        } finally {
            redisClient.shutdown();
        }
    }

    /**
     * The streams adapter with {@code --redis-stream-count 4} beside Node's {@code streamCount: 4}: {@code /} and
     * {@code /custom} are on two different streams of the four (Node's hash: 47 % 4 = 3, 1708878944 % 4 = 0), and
     * each server reads the other's entries from the stream of the namespace: the same count routes alike.
     */
    @Test
    void parleyAndNodeStreamsServersWithTheSameStreamCountBroadcastToEachOthersClients() throws Exception {
        String key = "parley-echo-interop-streams-" + UUID.randomUUID();
        RedisClient redisClient = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            try (ServeProcess parley = ServeProcess.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"),
                    "--redis", REDIS, "--redis-key", key, "--adapter", "streams", "--redis-stream-name", key,
                    "--redis-stream-count", "4");
                    NodeProcess node = NodeProcess.start(NodeScripts.installedDirectory(BENCHMARK_PEERS),
                            Map.of("REDIS_URL", REDIS, "REDIS_KEY", key, "REDIS_ADAPTER", "streams",
                                    "REDIS_STREAM_NAME", key, "REDIS_STREAM_COUNT", "4"),
                            "socketio-echo-server.mjs", "0")) {
                assertThat(parley.startupLines).containsExactly("cluster: streams Redis adapter on " + REDIS + " key="
                        + key + " stream=" + key + " stream-count=4 max-len=10000 requests-timeout=5000ms (1 server)");
                // The ephemeral messages' channel of each namespace: both servers subscribe to it.
                assertBroadcastsCross(redis, parley, node, nsp -> key + "#" + nsp + "#");
                // Each namespace's broadcasts are entries of its own stream: one from each server (a join is not
                // an entry: the echo app joins its own socket, locally).
                assertThat(broadcastsOf(redis, key + "-3")).as("/ on stream 3").containsExactlyInAnyOrder("/", "/");
                assertThat(broadcastsOf(redis, key + "-0")).as("/custom on stream 0")
                        .containsExactlyInAnyOrder("/custom", "/custom");
                assertThat(redis.sync().exists(key, key + "-1", key + "-2")).as("no other stream").isZero();
            } finally {
                redis.sync().del(key + "-0", key + "-3");
            }
        } finally {
            redisClient.shutdown();
        }
    }

    /** The namespaces ({@code nsp} field) of the broadcasts (type 3) that are entries of the stream. */
    private static List<String> broadcastsOf(StatefulRedisConnection<String, String> redis, String stream) {
        return redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+")).stream()
                .filter(entry -> "3".equals(entry.getBody().get("type")))
                .map(entry -> entry.getBody().get("nsp")).toList();
    }

    /**
     * Waits until both servers listen on each namespace's {@code channel}, then runs {@code sio-echo-cluster.mjs}:
     * official clients on both servers, in {@code /} and {@code /custom}, get each other's broadcasts once, and
     * only those of their namespace and room.
     */
    private static void assertBroadcastsCross(StatefulRedisConnection<String, String> redis, ServeProcess parley,
            NodeProcess node, java.util.function.Function<String, String> channel) throws Exception {
        Matcher listening = NODE_LISTENING.matcher(node.await(l -> NODE_LISTENING.matcher(l).find(), WAIT));
        assertThat(listening.find()).isTrue();
        String nodeUrl = "http://127.0.0.1:" + listening.group(1);
        for (String nsp : List.of("/", "/custom")) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(subscribers(redis, channel.apply(nsp))).isEqualTo(2));
        }

        NodeScripts.Result run = NodeScripts.run(WAIT, "sio-echo-cluster.mjs", nodeUrl, parley.url);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> clients = new ArrayList<>();
        for (String line : run.lines()) {
            clients.add(JSON.readTree(line));
        }
        assertThat(clients).as(run.toString()).hasSize(8);
        for (JsonNode client : clients) {
            String nsp = client.get("nsp").asText();
            List<String> news = new ArrayList<>();
            client.get("news").forEach(n -> news.add(n.asText()));
            if (client.get("role").asText().equals("subscriber")) {
                assertThat(client.get("joinAck").asBoolean()).as(client.toString()).isTrue();
                // Parley -> Node and Node -> Parley across Redis, and each server to its own clients; once
                // each, and nothing from the other namespace.
                assertThat(news).as(client.toString()).containsExactlyInAnyOrder(nsp + "@parley", nsp + "@node");
            } else {
                // Outside the room: none of its namespace's broadcasts, not even its own.
                assertThat(news).as(client.toString()).isEmpty();
            }
        }
        assertThat(clients).extracting(c -> c.get("server").asText() + " " + c.get("nsp").asText() + " "
                + c.get("role").asText()).containsExactlyInAnyOrder(
                        "node / subscriber", "node / publisher", "node /custom subscriber", "node /custom publisher",
                        "parley / subscriber", "parley / publisher", "parley /custom subscriber",
                        "parley /custom publisher");
    }

    /** Subscribers of a channel as Redis counts them (PUBSUB NUMSUB). */
    private static long subscribers(StatefulRedisConnection<String, String> redis, String channel) {
        return redis.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }
}
