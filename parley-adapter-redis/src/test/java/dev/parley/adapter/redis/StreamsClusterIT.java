package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.RemoteSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The streams protocol without recovery, as a plain cluster (Redis at 127.0.0.1:6379): a Node server with
 * {@code @socket.io/redis-streams-adapter} 0.3.1 ({@code cluster-peer.mjs ADAPTER=streams}) and two Parley
 * nodes, official clients on all three. Broadcasts, joins and disconnects go through the stream; acks,
 * {@code fetchSockets} and {@code serverSideEmit} through pub/sub; the server count is {@code PUBSUB NUMSUB}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsClusterIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "streams-cluster-" + UUID.randomUUID().toString().substring(0, 8);
    private ClusterPeer node;
    private String nodeUrl;
    private ParleyNode a;
    private ParleyNode b;

    @BeforeAll
    void start() throws Exception {
        node = new ClusterPeer(key, REQUESTS_TIMEOUT, Map.of("ADAPTER", "streams"));
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        RedisAdapterOptions options = ParleyNode.options(key, REQUESTS_TIMEOUT)
                .withProtocol(RedisAdapterOptions.Protocol.STREAMS)
                .withStreams(StreamOptions.defaults().withStreamName(key));
        a = new ParleyNode("A", options);
        b = new ParleyNode("B", options);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, a, b}) {
            if (c != null) {
                c.close();
            }
        }
        try (var client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379"); var c = client.connect()) {
            c.sync().del(key);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void broadcastsRequestsAndJoinsCrossBothWays() throws Exception {
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
        String sidB = (String) node.call("client", "name", "s-b", "url", b.url(), "rooms", List.of("room")).get("sid");
        String sidN = (String) node.call("client", "name", "s-n", "url", nodeUrl, "rooms", List.of("room")).get("sid");
        a.io.to("room").emit("to-room", "from-a", new byte[] {1, 2, 3});
        node.call("emit", "event", "node-to-room", "rooms", List.of("room"), "args", List.of("from-node"));
        for (String name : List.of("s-b", "s-n")) {
            Map<String, Object> event = node.await("client-event", e -> name.equals(e.get("name")) && "to-room".equals(e.get("event")));
            @SuppressWarnings("unchecked")
            List<Object> args = (List<Object>) event.get("args");
            assertThat(args.get(0)).isEqualTo("from-a");
            assertThat((byte[]) args.get(1)).containsExactly(1, 2, 3); // binary goes as base64 MessagePack
        }
        node.await("client-event", e -> "s-b".equals(e.get("name")) && "node-to-room".equals(e.get("event")));

        List<RemoteSocket> found = a.io.in("room").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sidB, sidN);
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "x").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("B:x", "node:x");
        @SuppressWarnings("unchecked")
        List<Object> fromNode = (List<Object>) node.call("serverSideEmit", "event", "hello", "args", List.of("y"), "ack", true)
                .get("responses");
        assertThat(fromNode).containsExactlyInAnyOrder("A:y", "B:y");

        // An emit with acks reaches the clients of every server; each answers with its name.
        Map<String, Object> acked = node.call("emitWithAck", "event", "ask", "rooms", List.of("room"), "timeout", 3000);
        assertThat(acked.get("error")).isNull();
        assertThat((List<Object>) acked.get("responses")).containsExactlyInAnyOrder("s-b", "s-n");
        List<Object> fromParley = a.io.to("room").timeout(Duration.ofSeconds(3)).emitWithAck("ask-again")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(fromParley).containsExactlyInAnyOrder("s-b", "s-n");

        // Joins and disconnects travel in the stream.
        a.io.in("room").socketsJoin("joined-from-a");
        Awaitility.await().until(() -> a.io.in("joined-from-a").fetchSockets().toCompletableFuture().get().size() == 2);
        node.call("disconnectSockets", "rooms", List.of("joined-from-a"));
        node.await("client-disconnect", e -> "s-b".equals(e.get("name")));
        node.await("client-disconnect", e -> "s-n".equals(e.get("name")));
    }

    /**
     * Node's {@code streamCount}: namespaces spread over {@code S-0..S-n} by Node's hash of their name. With
     * three streams, {@code /} goes to {@code S-2} (hash 47) and {@code /admin} to {@code S-1} (hash
     * 1438238848), on both sides, and broadcasts in each cross both ways.
     */
    @Test
    void namespacesAreSpreadOverSeveralStreamsAsNodeSpreadsThem() throws Exception {
        String multi = key + "-multi";
        try (ClusterPeer peer = new ClusterPeer(multi, REQUESTS_TIMEOUT, Map.of("ADAPTER", "streams", "STREAM_COUNT", "3"));
                ParleyNode parley = new ParleyNode("M", ParleyNode.options(multi, REQUESTS_TIMEOUT)
                        .withProtocol(RedisAdapterOptions.Protocol.STREAMS)
                        .withStreams(StreamOptions.defaults().withStreamName(multi).withStreamCount(3)), "/admin");
                var client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");
                var redis = client.connect()) {
            String peerUrl = "http://127.0.0.1:" + peer.call("server", "namespaces", List.of("/admin")).get("port");
            peer.call("client", "name", "root", "url", parley.url());
            peer.call("client", "name", "admin", "url", parley.url(), "nsp", "/admin");
            peer.call("client", "name", "node-admin", "url", peerUrl, "nsp", "/admin");
            peer.call("emit", "event", "from-node", "args", List.of(1));
            peer.call("emit", "event", "from-node-admin", "nsp", "/admin", "args", List.of(2));
            peer.await("client-event", e -> "root".equals(e.get("name")) && "from-node".equals(e.get("event")));
            peer.await("client-event", e -> "admin".equals(e.get("name")) && "from-node-admin".equals(e.get("event")));
            parley.io.of("/admin").emit("from-parley-admin", 3);
            peer.await("client-event", e -> "node-admin".equals(e.get("name")) && "from-parley-admin".equals(e.get("event")));
            assertThat(redis.sync().xlen(multi + "-2")).as("/").isEqualTo(1);
            assertThat(redis.sync().xlen(multi + "-1")).as("/admin").isEqualTo(2);
            assertThat(redis.sync().exists(multi + "-0", multi)).isZero();
            redis.sync().del(multi + "-1", multi + "-2");
        }
    }
}
