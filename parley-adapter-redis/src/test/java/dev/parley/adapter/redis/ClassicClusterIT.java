package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.AckTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A mixed cluster on the real Redis: one Node.js socket.io 4.8 server with the official
 * {@code @socket.io/redis-adapter}, two Parley nodes with the classic adapter, official socket.io-client
 * 4.8 clients on all three. Every cross-server feature, in both directions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class ClassicClusterIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "parley-it-" + UUID.randomUUID();
    private ClusterPeer node;
    private String nodeUrl;
    private ParleyNode a;
    private ParleyNode b;
    private final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        node = new ClusterPeer(key, REQUESTS_TIMEOUT);
        nodeUrl = "http://127.0.0.1:" + node.call("server", "namespaces", List.of("/node-only")).get("port");
        a = new ParleyNode("A", ParleyNode.options(key, REQUESTS_TIMEOUT), "/parley-only");
        b = new ParleyNode("B", ParleyNode.options(key, REQUESTS_TIMEOUT), "/parley-only");
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (node != null) {
            node.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (String name : clients) {
            node.call("closeClient", "name", name);
        }
        clients.clear();
    }

    /** Connects an official client named {@code name} to a server, joined to these rooms. */
    private String client(String name, String url, String... rooms) throws Exception {
        clients.add(name);
        return (String) node.call("client", "name", name, "url", url, "rooms", List.of(rooms)).get("sid");
    }

    private Map<String, Object> received(String name, String event) throws InterruptedException {
        return node.await("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event")));
    }

    private boolean got(String name, String event) {
        return !node.printed("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty();
    }

    @Test
    void anEmitFromAnyServerReachesTheClientsOfAllThree() throws Exception {
        client("all-a", a.url());
        client("all-b", b.url());
        client("all-n", nodeUrl);
        a.io.emit("from-parley", "hello", 42);
        for (String name : List.of("all-a", "all-b", "all-n")) {
            assertThat(received(name, "from-parley").get("args")).isEqualTo(List.of("hello", 42));
        }
        node.call("emit", "event", "from-node", "args", List.of(Map.of("nested", List.of(1, 2.5, true))));
        for (String name : List.of("all-a", "all-b", "all-n")) {
            assertThat(received(name, "from-node").get("args")).isEqualTo(List.of(Map.of("nested", List.of(1, 2.5, true))));
        }
    }

    @Test
    void roomsExceptAndBinariesCrossTheCluster() throws Exception {
        client("r-a", a.url(), "red");
        client("r-b", b.url(), "red", "blue");
        client("r-n", nodeUrl, "blue");
        client("r-other", b.url());
        byte[] bytes = {0, 1, 2, (byte) 255};
        a.io.to("red").emit("to-red", Map.of("bin", bytes));
        assertThat((byte[]) ((Map<?, ?>) ((List<?>) received("r-a", "to-red").get("args")).get(0)).get("bin")).isEqualTo(bytes);
        assertThat((byte[]) ((Map<?, ?>) ((List<?>) received("r-b", "to-red").get("args")).get(0)).get("bin")).isEqualTo(bytes);
        node.call("emit", "event", "red-or-blue-not-b", "rooms", List.of("red", "blue"), "except", List.of("red"),
                "args", List.of(bytes));
        assertThat((byte[]) ((List<?>) received("r-n", "red-or-blue-not-b").get("args")).get(0)).isEqualTo(bytes);
        b.io.to("blue").except("red").emit("blue-not-red");
        received("r-n", "blue-not-red");
        a.io.to("red", "blue").asVolatile().emit("volatile-red-or-blue", "v");
        for (String name : List.of("r-a", "r-b", "r-n")) {
            assertThat(received(name, "volatile-red-or-blue").get("args")).isEqualTo(List.of("v"));
        }
        node.call("emit", "event", "node-volatile", "rooms", List.of("red"), "volatile", true);
        received("r-a", "node-volatile");
        received("r-b", "node-volatile");
        // A marker to everyone, after: whoever was not targeted has seen the marker and nothing else.
        a.io.emit("marker");
        for (String name : List.of("r-a", "r-b", "r-n", "r-other")) {
            received(name, "marker");
        }
        assertThat(got("r-other", "to-red")).isFalse();
        assertThat(got("r-n", "to-red")).isFalse();
        assertThat(got("r-a", "red-or-blue-not-b") || got("r-b", "red-or-blue-not-b") || got("r-other", "red-or-blue-not-b")).isFalse();
        assertThat(got("r-b", "blue-not-red") || got("r-a", "blue-not-red")).isFalse();
        assertThat(got("r-other", "volatile-red-or-blue") || got("r-other", "node-volatile") || got("r-n", "node-volatile")).isFalse();
    }

    @Test
    void datesUndefinedAndBigNumbersReachParleyClientsAsTheyReachNodeClients() throws Exception {
        client("d-a", a.url());
        client("d-n", nodeUrl);
        long ms = 1_700_000_000_123L;
        node.call("emit", "event", "dated", "args", List.of(Map.of("$date", ms), Map.of("big", 1L << 40, "neg", -(1L << 40),
                "safe", 9_007_199_254_740_991L, "half", 1.5)));
        Object onNode = received("d-n", "dated").get("args");
        Object onParley = received("d-a", "dated").get("args");
        assertThat(onParley).isEqualTo(onNode);
        assertThat(((List<?>) onParley).get(0)).isEqualTo("2023-11-14T22:13:20.123Z");
    }

    @Test
    void localStaysOnItsServer() throws Exception {
        client("l-a", a.url());
        client("l-b", b.url());
        client("l-n", nodeUrl);
        a.io.sockets().local().emit("only-a");
        node.call("emit", "event", "only-n", "local", true);
        received("l-a", "only-a");
        received("l-n", "only-n");
        b.io.emit("marker-local");
        for (String name : List.of("l-a", "l-b", "l-n")) {
            received(name, "marker-local");
        }
        assertThat(got("l-b", "only-a") || got("l-n", "only-a")).isFalse();
        assertThat(got("l-a", "only-n") || got("l-b", "only-n")).isFalse();
    }

    @Test
    void emitWithAckWaitsForEveryClientOfEveryServer() throws Exception {
        client("k-a", a.url(), "ack-room");
        client("k-b", b.url(), "ack-room");
        client("k-n", nodeUrl, "ack-room");
        List<Object> responses = a.io.to("ack-room").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(responses).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
        Map<String, Object> fromNode = node.call("emitWithAck", "event", "ask", "rooms", List.of("ack-room"), "timeout", 5000);
        assertThat(fromNode.get("error")).isNull();
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
    }

    @Test
    void emitWithAckTimesOutWithThePartialResponses() throws Exception {
        client("p-a", a.url(), "partial");
        clients.add("p-mute");
        node.call("client", "name", "p-mute", "url", b.url(), "rooms", List.of("partial"), "mute", true);
        client("p-n", nodeUrl, "partial");
        long start = System.nanoTime();
        assertThatThrownBy(() -> a.io.to("partial").timeout(Duration.ofMillis(1500)).emitWithAck("ask")
                .toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(AckTimeoutException.class,
                        e -> assertThat(e.responses()).containsExactlyInAnyOrder("p-a", "p-n"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        Map<String, Object> fromNode = node.call("emitWithAck", "event", "ask", "rooms", List.of("partial"), "timeout", 1500);
        assertThat(fromNode.get("error")).isEqualTo("operation has timed out");
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("p-a", "p-n");
    }

    @Test
    void withoutATimeoutAClusterEmitWithAckStillEndsAtTheRequestsTimeout() throws Exception {
        clients.add("t-mute");
        node.call("client", "name", "t-mute", "url", nodeUrl, "rooms", List.of("no-timeout"), "mute", true);
        assertThatThrownBy(() -> a.io.to("no-timeout").emitWithAck("ask").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(AckTimeoutException.class);
    }

    @Test
    void fetchSocketsSeesEverySocketWithItsHandshakeRoomsAndData() throws Exception {
        String sidA = client("f-a", a.url(), "fetch");
        String sidN = client("f-n", nodeUrl, "fetch");
        List<RemoteSocket> found = a.io.in("fetch").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sidA, sidN);
        RemoteSocket remote = found.stream().filter(s -> s.id().equals(sidN)).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(sidN, "fetch");
        assertThat(remote.data()).isEqualTo(Map.of("server", "node", "name", "f-n"));
        assertThat(remote.handshake().auth()).isEqualTo(Map.of("name", "f-n"));
        assertThat(remote.handshake().url()).isEqualTo("/socket.io/");
        assertThat(remote.handshake().queryParam("EIO")).contains("4");
        assertThat(remote.handshake().header("host")).contains(nodeUrl.substring("http://".length()));
        assertThat(remote.handshake().address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(remote.handshake().time().toEpochMilli()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));

        List<?> fromNode = (List<?>) node.call("fetchSockets", "rooms", List.of("fetch")).get("sockets");
        Map<?, ?> parley = (Map<?, ?>) fromNode.stream().filter(s -> sidA.equals(((Map<?, ?>) s).get("id"))).findFirst().orElseThrow();
        assertThat(parley.get("data")).isEqualTo(Map.of("server", "A", "name", "f-a"));
        assertThat((List<Object>) parley.get("rooms")).containsExactlyInAnyOrder(sidA, "fetch");
        Map<?, ?> handshake = (Map<?, ?>) parley.get("handshake");
        assertThat(handshake.get("auth")).isEqualTo(Map.of("name", "f-a"));
        assertThat((String) handshake.get("url")).startsWith("/socket.io/?").contains("EIO=4");
        assertThat(((Map<?, ?>) handshake.get("query")).get("EIO")).isEqualTo("4");
        assertThat(handshake.get("secure")).isEqualTo(false);
        assertThat(((Number) handshake.get("issued")).longValue()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(fromNode).hasSize(2);
    }

    @Test
    void remoteSocketsJoinLeaveAndDisconnect() throws Exception {
        client("j-a", a.url(), "start");
        client("j-b", b.url(), "start");
        client("j-n", nodeUrl, "start");
        node.call("socketsJoin", "rooms", List.of("start"), "join", "joined-by-node");
        a.io.in("start").socketsJoin("joined-by-a");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("joined-by-node").fetchSockets().toCompletableFuture().get().size() == 3
                        && a.io.in("joined-by-a").fetchSockets().toCompletableFuture().get().size() == 3);
        b.io.to("joined-by-node").emit("after-join");
        for (String name : List.of("j-a", "j-b", "j-n")) {
            received(name, "after-join");
        }
        b.io.in("start").except("joined-by-nothing").socketsLeave("joined-by-a");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("joined-by-a").fetchSockets().toCompletableFuture().get().isEmpty());
        // A remote socket from fetchSockets acts through the adapter.
        RemoteSocket onNode = a.io.in("start").fetchSockets().toCompletableFuture().get().stream()
                .filter(s -> "node".equals(((Map<?, ?>) s.data()).get("server"))).findFirst().orElseThrow();
        onNode.emit("direct", "to-n");
        assertThat(received("j-n", "direct").get("args")).isEqualTo(List.of("to-n"));
        a.io.in("start").except(onNode.id()).disconnectSockets(false);
        assertThat(node.await("client-disconnect", e -> "j-a".equals(e.get("name"))).get("reason")).isEqualTo("io server disconnect");
        assertThat(node.await("client-disconnect", e -> "j-b".equals(e.get("name"))).get("reason")).isEqualTo("io server disconnect");
        node.call("disconnectSockets", "rooms", List.of("start"), "close", true);
        assertThat(node.await("client-disconnect", e -> "j-n".equals(e.get("name"))).get("reason"))
                .isIn("io server disconnect", "transport close");
    }

    @Test
    void serverSideEmitGoesBothWaysWithAndWithoutAcks() throws Exception {
        List<Object> answers = a.io.sockets().serverSideEmitWithAck("hello", "x").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(answers).containsExactlyInAnyOrder("B:x", "node:x");
        Map<String, Object> fromNode = node.call("serverSideEmit", "event", "hello", "args", List.of("y"), "ack", true);
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("A:y", "B:y");
        a.io.sockets().serverSideEmit("hello", "plain", Map.of("k", 1));
        assertThat(node.await("server-side", e -> List.of("plain", Map.of("k", 1)).equals(e.get("args")))).isNotNull();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                b.serverSide.contains(List.of("hello", "plain", Map.of("k", 1))));
        assertThat(a.serverSide).doesNotContain(List.of("hello", "plain", Map.of("k", 1)));
    }

    @Test
    void everyServerCountsEachParleyNodeOnce() throws Exception {
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
        assertThat(b.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
    }

    @Test
    void aNamespaceOnOneSideOnlyWorksAmongTheServersThatHaveIt() throws Exception {
        clients.add("ns-b");
        node.call("client", "name", "ns-b", "url", b.url(), "nsp", "/parley-only");
        a.io.of("/parley-only").emit("parley-only-news");
        received("ns-b", "parley-only-news");
        assertThat(a.io.of("/parley-only").adapter().serverCount().toCompletableFuture().get()).isEqualTo(2);
        long start = System.nanoTime();
        assertThat(a.io.of("/parley-only").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUESTS_TIMEOUT);
        assertThat(node.call("serverCount", "nsp", "/node-only").get("count")).isEqualTo(1);
    }

    @Test
    void theOfficialEmitterReachesParleyClients() throws Exception {
        client("e-a", a.url(), "emitter-room");
        client("e-b", b.url());
        client("e-n", nodeUrl, "emitter-room");
        byte[] bytes = {9, 8, 7};
        node.call("emitter", "what", "emit", "event", "from-emitter", "args", List.of("all", bytes));
        for (String name : List.of("e-a", "e-b", "e-n")) {
            List<?> args = (List<?>) received(name, "from-emitter").get("args");
            assertThat(args.get(0)).isEqualTo("all");
            assertThat((byte[]) args.get(1)).isEqualTo(bytes);
        }
        node.call("emitter", "what", "emit", "event", "emitter-room-only", "rooms", List.of("emitter-room"));
        received("e-a", "emitter-room-only");
        received("e-n", "emitter-room-only");
        node.call("emitter", "what", "emit", "event", "emitter-except", "except", List.of("emitter-room"), "volatile", true);
        received("e-b", "emitter-except");
        node.call("emitter", "what", "socketsJoin", "rooms", List.of("emitter-room"), "join", "emitter-joined");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("emitter-joined").fetchSockets().toCompletableFuture().get().size() == 2);
        node.call("emitter", "what", "serverSideEmit", "event", "hello", "args", List.of("from-emitter"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.serverSide.contains(List.of("hello", "from-emitter")) && b.serverSide.contains(List.of("hello", "from-emitter")));
        node.call("emitter", "what", "socketsLeave", "rooms", List.of("emitter-joined"), "leave", "emitter-room");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("emitter-room").fetchSockets().toCompletableFuture().get().isEmpty());
        clients.add("e-ns");
        node.call("client", "name", "e-ns", "url", b.url(), "nsp", "/parley-only");
        node.call("emitter", "what", "emit", "nsp", "/parley-only", "event", "emitter-ns");
        received("e-ns", "emitter-ns");
        node.call("emitter", "what", "disconnectSockets", "rooms", List.of("emitter-joined"), "close", false);
        assertThat(node.await("client-disconnect", e -> "e-a".equals(e.get("name"))).get("reason")).isEqualTo("io server disconnect");
        assertThat(got("e-a", "emitter-except") || got("e-n", "emitter-except")).isFalse();
        assertThat(got("e-b", "emitter-room-only")).isFalse();
        assertThat(got("e-b", "emitter-ns") || got("e-a", "emitter-ns")).isFalse();
    }
}
