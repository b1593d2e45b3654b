package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden fixtures for the sharded protocol: every message two socket.io 4.8.1 servers with
 * {@code @socket.io/redis-adapter} 8.3.0's {@code createShardedAdapter} (dynamic mode) publish on a real Redis 7
 * (127.0.0.1:6379), recorded by {@code parley-testkit/node/sharded-capture.mjs} at the publishing client. Each
 * is decoded, re-encoded to Node's bytes, and its channel is the one {@link ShardedChannels} computes; the
 * messages Parley builds itself are compared with Node's byte for byte.
 */
class ShardedWireGoldenIT {
    private record Captured(String label, String from, String channel, byte[] bytes) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Captured> CAPTURED = new ArrayList<>();
    private static ShardedChannels root;
    private static String uidA;
    private static String uidB;
    private static String sid;

    @BeforeAll
    static void capture() throws Exception {
        String prefix = "sharded-golden-" + UUID.randomUUID();
        NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(60), "sharded-capture.mjs",
                "redis://127.0.0.1:6379", prefix);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode meta = null;
        for (String line : result.lines()) {
            JsonNode node = JSON.readTree(line);
            if (node.get("label").asText().equals("meta")) {
                meta = node;
            } else {
                CAPTURED.add(new Captured(node.get("label").asText(), node.get("from").asText(),
                        node.get("channel").asText(), Base64.getDecoder().decode(node.get("base64").asText())));
            }
        }
        root = new ShardedChannels(prefix, "/", SubscriptionMode.DYNAMIC);
        uidA = meta.get("uidA").asText();
        uidB = meta.get("uidB").asText();
        sid = meta.get("sid").asText();
    }

    private static List<Captured> all(String label) {
        return CAPTURED.stream().filter(c -> c.label().equals(label)).toList();
    }

    private static Captured request(String label) {
        List<Captured> found = all(label).stream().filter(c -> c.from().equals("A")).toList();
        assertThat(found).as(label).hasSize(1);
        return found.get(0);
    }

    private static ClusterMessage decode(Captured c) throws WireFormatException {
        return ClusterMessage.decode(c.bytes());
    }

    @Test
    void everyMessageDecodesReencodesToNodesBytesAndGoesWhereParleySendsIt() throws WireFormatException {
        assertThat(CAPTURED).hasSizeGreaterThan(25);
        for (Captured c : CAPTURED) {
            ClusterMessage message = decode(c);
            assertThat(message.encode()).as("%s: %s", c.label(), c.text()).isEqualTo(c.bytes());
            String expectedChannel;
            if (message.type().isResponse()) {
                expectedChannel = root.responses(uidA);
            } else {
                List<String> rooms = message.type() == ClusterMessageType.BROADCAST ? message.opts().rooms() : List.of();
                ShardedChannels channels = new ShardedChannels(root.prefix(), message.nsp(), SubscriptionMode.DYNAMIC);
                expectedChannel = channels.channelOf(message.type(), message.requestId(), rooms);
            }
            assertThat(c.channel()).as(c.label()).isEqualTo(expectedChannel);
        }
    }

    @Test
    void dynamicChannelsOnlyForOneRoomThatIsNoSocketIdWithoutAck() {
        assertThat(request("emit-room").channel()).isEqualTo(root.room("r1"));
        assertThat(request("emit-except").channel()).isEqualTo(root.room("r1"));
        assertThat(request("emit-socket-room").channel()).as("20 characters: looks like a socket id")
                .isEqualTo(root.namespace());
        assertThat(request("emit-two-rooms").channel()).isEqualTo(root.namespace());
        assertThat(request("emit-with-ack").channel()).isEqualTo(root.namespace());
        ShardedChannels privateMode = new ShardedChannels(root.prefix(), "/", SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(privateMode.channelOf(ClusterMessageType.BROADCAST, null, List.of(sid))).isEqualTo(root.room(sid));
        ShardedChannels staticMode = new ShardedChannels(root.prefix(), "/", SubscriptionMode.STATIC);
        assertThat(staticMode.channelOf(ClusterMessageType.BROADCAST, null, List.of("r1"))).isEqualTo(root.namespace());
    }

    @Test
    void messagesParleyBuildsAreNodesBytes() throws WireFormatException {
        BroadcastOptions none = BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE);
        assertThat(ClusterMessage.broadcast(uidA, "/", List.of("ev", "a", 1), none).encode())
                .isEqualTo(request("emit-all").bytes());
        assertThat(ClusterMessage.broadcast(uidA, "/", List.of("ev", "except"),
                BroadcastOptions.of(List.of("r1"), List.of("r3", "r4"), BroadcastFlags.NONE)).encode())
                .isEqualTo(request("emit-except").bytes());
        assertThat(ClusterMessage.broadcast(uidA, "/", List.of("ev", "volatile"),
                BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE.with("volatile", true))).encode())
                .isEqualTo(request("emit-volatile").bytes());
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("nested", Map.of("buf", new byte[] {(byte) 0xff, 0}));
        assertThat(ClusterMessage.broadcast(uidA, "/", List.of("bin", new byte[] {1, 2, 3}, nested), none).encode())
                .as("binary: MessagePack").isEqualTo(request("emit-binary").bytes());

        ClusterMessage withAck = decode(request("emit-with-ack"));
        assertThat(ClusterMessage.broadcastWithAck(uidA, "/", List.of("ackme", "q"), withAck.requestId(),
                BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE.with("timeout", 2000L))).encode())
                .isEqualTo(request("emit-with-ack").bytes());
        List<Captured> answers = all("emit-with-ack").stream().filter(c -> c.from().equals("B")).toList();
        assertThat(answers).hasSize(2);
        assertThat(ClusterMessage.broadcastClientCount(uidB, "/", withAck.requestId(), 1).encode())
                .isEqualTo(answers.get(0).bytes());
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("ok", true);
        ack.put("echo", "q");
        assertThat(ClusterMessage.broadcastAck(uidB, "/", withAck.requestId(), ack).encode())
                .isEqualTo(answers.get(1).bytes());
        List<Captured> binaryAnswers = all("emit-with-ack-binary").stream().filter(c -> c.from().equals("B")).toList();
        ClusterMessage binaryAck = decode(binaryAnswers.get(1));
        assertThat((byte[]) binaryAck.answer()).containsExactly(9);
        assertThat(binaryAnswers.get(1).bytes()[0]).as("MessagePack map").isEqualTo((byte) 0x84);

        BroadcastOptions room1 = BroadcastOptions.of(List.of("room1"), List.of(), BroadcastFlags.NONE);
        assertThat(ClusterMessage.socketsJoin(uidA, "/", room1, List.of("r5", "r6")).encode())
                .isEqualTo(request("sockets-join").bytes());
        assertThat(ClusterMessage.socketsLeave(uidA, "/", BroadcastOptions.of(List.of(), List.of("x"), BroadcastFlags.NONE),
                List.of("r5")).encode()).isEqualTo(request("sockets-leave").bytes());
        assertThat(ClusterMessage.disconnectSockets(uidA, "/", BroadcastOptions.of(List.of("nobody"), List.of(),
                BroadcastFlags.NONE), true).encode()).isEqualTo(request("disconnect-sockets").bytes());
        ClusterMessage fetch = decode(request("fetch-sockets"));
        assertThat(ClusterMessage.fetchSockets(uidA, "/", none, fetch.requestId()).encode())
                .isEqualTo(request("fetch-sockets").bytes());
        assertThat(ClusterMessage.serverSideEmit(uidA, "/", null, List.of("hello", 1, Map.of("a", "b"), List.of(2)))
                .encode()).isEqualTo(request("server-side-emit").bytes());
        assertThat(ClusterMessage.serverSideEmit(uidA, "/", null, List.of("hello", new byte[] {1, 2})).encode())
                .as("binary: MessagePack").isEqualTo(request("server-side-emit-binary").bytes());
        ClusterMessage ssAck = decode(request("server-side-emit-ack"));
        assertThat(ClusterMessage.serverSideEmit(uidA, "/", ssAck.requestId(), List.of("ssemit", 7)).encode())
                .isEqualTo(request("server-side-emit-ack").bytes());
        Captured ssAnswer = all("server-side-emit-ack").stream().filter(c -> c.from().equals("B")).findFirst().orElseThrow();
        assertThat(ClusterMessage.serverSideEmitResponse(uidB, "/", ssAck.requestId(), Map.of("pong", 7)).encode())
                .isEqualTo(ssAnswer.bytes());
    }

    @Test
    void fetchSocketsResponsesCarryTheRemoteSocket() throws WireFormatException {
        Captured answer = all("fetch-sockets-room").stream().filter(c -> c.from().equals("B")).findFirst().orElseThrow();
        ClusterMessage response = decode(answer);
        assertThat(response.type()).isEqualTo(ClusterMessageType.FETCH_SOCKETS_RESPONSE);
        assertThat(response.uid()).isEqualTo(uidB);
        assertThat(response.requestId()).isEqualTo(decode(request("fetch-sockets-room")).requestId());
        RemoteSocketDetail socket = response.sockets().get(0);
        assertThat(socket.id()).isEqualTo(sid);
        assertThat(socket.rooms()).containsExactly(sid, "room1", "r1");
        assertThat(socket.data()).isEqualTo(Map.of("name", "Zoë", "level", 3));
        assertThat(socket.handshake()).containsKeys("headers", "time", "address", "query", "auth");
    }

    @Test
    void unknownTypesAreRejectedAsUnknown() {
        byte[] future = "{\"type\":99,\"data\":{},\"uid\":\"x\",\"nsp\":\"/\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClusterMessage.decode(future))
                .isInstanceOf(UnknownTypeException.class);
    }
}
