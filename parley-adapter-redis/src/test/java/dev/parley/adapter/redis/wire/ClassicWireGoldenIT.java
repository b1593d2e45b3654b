package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden fixtures: every message socket.io 4.8.1 with {@code @socket.io/redis-adapter} 8.3.0 and
 * {@code @socket.io/redis-emitter} 5.1.0 publish on a real Redis (127.0.0.1:6379), captured by
 * {@code parley-testkit/node/redis-capture.mjs}. Each is decoded with the wire classes, checked against what
 * the script did, and re-encoded: the bytes must be Node's, except where {@link #NOT_BYTE_IDENTICAL} says why.
 */
class ClassicWireGoldenIT {
    /**
     * Labels whose decoded form cannot re-encode to Node's bytes, and why. emit-numbers: notepack writes
     * 2^64, 2^70, -2^64 and 1e300 as uint 64 / int 64 of 0 (it wraps modulo 2^64), which decode to 0 and
     * re-encode as 0x00; the encoder is checked on the JS values instead (see {@link #numbers()}).
     * emit-numeric-room: {@code io.to(123)} writes the room as the integer 123, which decodes to the room
     * "123" (Node's hasRoom matches both) and re-encodes as a string.
     */
    private static final Set<String> NOT_BYTE_IDENTICAL = Set.of("emit-numbers", "emit-numeric-room");

    private record Captured(String label, String channel, byte[] bytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Captured> CAPTURED = new ArrayList<>();
    private static JsonNode meta;
    private static String prefix;
    private static ClassicChannels root;
    private static String uidA;
    private static String uidB;
    private static String sid;

    @BeforeAll
    static void capture() throws Exception {
        prefix = "golden-" + UUID.randomUUID();
        NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(60), "redis-capture.mjs",
                "redis://127.0.0.1:6379", prefix);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        for (String line : result.lines()) {
            JsonNode node = JSON.readTree(line);
            if (node.get("label").asText().equals("meta")) {
                meta = node;
            } else {
                CAPTURED.add(new Captured(node.get("label").asText(), node.get("channel").asText(),
                        Base64.getDecoder().decode(node.get("base64").asText())));
            }
        }
        root = new ClassicChannels(prefix, "/");
        uidA = meta.get("uidA").asText();
        uidB = meta.get("uidB").asText();
        sid = meta.get("sid").asText();
    }

    private static List<Captured> all(String label) {
        return CAPTURED.stream().filter(c -> c.label().equals(label)).toList();
    }

    private static Captured one(String label) {
        List<Captured> found = all(label);
        assertThat(found).as(label).hasSize(1);
        return found.get(0);
    }

    private static BroadcastMessage broadcast(String label, String channel) throws WireFormatException {
        Captured c = one(label);
        assertThat(c.channel()).isEqualTo(channel);
        return BroadcastMessage.decode(c.bytes());
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void everyMessageDecodesAndReencodesToNodesBytes() throws WireFormatException {
        assertThat(CAPTURED).hasSizeGreaterThan(45);
        for (Captured c : CAPTURED) {
            byte[] reencoded;
            if (c.channel().startsWith(prefix + "-request#")) {
                reencoded = Request.decode(c.bytes()).encode();
            } else if (c.channel().startsWith(prefix + "-response#")) {
                reencoded = Response.decode(c.bytes()).encode();
            } else {
                reencoded = BroadcastMessage.decode(c.bytes()).encode();
            }
            if (NOT_BYTE_IDENTICAL.contains(c.label())) {
                assertThat(reencoded).as(c.label()).isNotEqualTo(c.bytes());
                assertThat(Notepack.decode(reencoded)).as(c.label()).isNotNull();
            } else {
                assertThat(reencoded).as("%s on %s", c.label(), c.channel()).isEqualTo(c.bytes());
            }
        }
    }

    @Test
    void everyStepPublishedExactlyWhatNodePublishes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        CAPTURED.forEach(c -> counts.merge(c.label(), 1L, Long::sum));
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String label : List.of("emit-all", "emit-room", "emit-two-rooms", "emit-except", "emit-volatile",
                "emit-compress-false", "emit-flags-order", "emit-binary", "emit-nested", "emit-undefined",
                "emit-date", "emit-numbers", "emit-unicode", "emit-index-keys", "emit-numeric-room", "emit-admin",
                "sockets-join", "sockets-leave", "disconnect-sockets", "server-side-emit", "server-side-emit-binary",
                "socket-broadcast",
                "socket-to-room", "socket-emit-with-ack-id", "emitter-emit", "emitter-room",
                "emitter-two-rooms-except", "emitter-volatile-compress", "emitter-admin", "emitter-sockets-join",
                "emitter-sockets-leave", "emitter-disconnect", "emitter-server-side-emit")) {
            expected.put(label, 1L);
        }
        // a request and one response each; a BROADCAST request, a client count and a client's ack
        for (String label : List.of("fetch-sockets", "fetch-sockets-room", "fetch-sockets-from-b", "all-rooms",
                "server-side-emit-ack", "server-side-emit-ack-no-arg")) {
            expected.put(label, 2L);
        }
        expected.put("emit-with-ack", 3L);
        expected.put("remote-socket-emit-with-ack", 3L);
        // emit-local publishes nothing; nor do connecting, relaying and shutting down
        assertThat(counts).isEqualTo(expected);
    }

    @Test
    void plainBroadcastsCarryOnlyTheFlagsThatWereSet() throws WireFormatException {
        BroadcastMessage all = broadcast("emit-all", root.broadcast());
        assertThat(all.uid()).isEqualTo(uidA);
        assertThat(all.packet()).isEqualTo(new Packet(2, List.of("ev", "a", 1), null, "/"));
        assertThat(all.opts()).isEqualTo(BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE));
        assertThat(all.opts().flags().values()).isEmpty();
        assertThat(all.opts().flags().isVolatile()).isNull();

        assertThat(broadcast("emit-room", root.broadcast("r1")).opts().rooms()).containsExactly("r1");
        assertThat(broadcast("emit-two-rooms", root.broadcast()).opts().rooms()).containsExactly("r1", "r2");
        BroadcastMessage except = broadcast("emit-except", root.broadcast("r1"));
        assertThat(except.opts().except()).containsExactly("r3", "r4");
        assertThat(broadcast("emit-volatile", root.broadcast()).opts().flags().values())
                .isEqualTo(Map.of("volatile", true));
        assertThat(broadcast("emit-compress-false", root.broadcast()).opts().flags().values())
                .isEqualTo(Map.of("compress", false));
        BroadcastFlags order = broadcast("emit-flags-order", root.broadcast()).opts().flags();
        assertThat(order.values().keySet()).containsExactly("compress", "volatile");
        assertThat(order.compress()).isTrue();
        assertThat(order.isVolatile()).isTrue();
        assertThat(all("emit-local")).as("a local broadcast publishes nothing").isEmpty();
        assertThat(root.broadcastTo(List.of("r1"))).isEqualTo(one("emit-room").channel());
        assertThat(root.roomOf(one("emit-room").channel())).contains("r1");
        assertThat(root.roomOf(one("emit-all").channel())).contains("");
    }

    @Test
    void binaryArgumentsAreBinAtAnyDepth() throws WireFormatException {
        Packet packet = broadcast("emit-binary", root.broadcast()).packet();
        assertThat(packet.type()).as("EVENT: the parser makes it BINARY_EVENT later, per client").isEqualTo(2);
        List<Object> data = packet.data();
        assertThat(data.get(0)).isEqualTo("bin");
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        Map<?, ?> nested = (Map<?, ?>) data.get(2);
        assertThat((byte[]) ((Map<?, ?>) nested.get("nested")).get("buf")).containsExactly(0xff, 0);
        List<?> arr = (List<?>) nested.get("arr");
        assertThat((byte[]) arr.get(0)).isEmpty();
        assertThat((byte[]) arr.get(1)).containsExactly(4, 5);
        assertThat((byte[]) data.get(3)).as("an ArrayBuffer").containsExactly(6);
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 7);
        assertThat((byte[]) data.get(4)).isEqualTo(big);
    }

    @Test
    void nestedUndefinedAndDates() throws WireFormatException {
        assertThat(broadcast("emit-nested", root.broadcast()).packet().data()).isEqualTo(List.of("nested",
                ordered("a", Map.of("b", Map.of("c", List.of(1, List.of(2, List.of(3, Map.of()))))), "t", true,
                        "f", false, "n", null, "e", List.of(), "s", "")));
        assertThat(broadcast("emit-undefined", root.broadcast()).packet().data())
                .isEqualTo(Arrays.asList("undef", null, Map.of("b", 1), Arrays.asList(null, 2)));
        assertThat(broadcast("emit-date", root.broadcast()).packet().data()).isEqualTo(List.of("date",
                Instant.EPOCH, Instant.ofEpochMilli(1700000000000L), Instant.ofEpochMilli(1700000000123L),
                Instant.ofEpochMilli(-1), Instant.ofEpochMilli(-86400000L * 365 * 100),
                Instant.ofEpochMilli((1L << 34) * 1000 + 5), Instant.ofEpochMilli((1L << 32) * 1000)));
    }

    @Test
    void numbers() throws WireFormatException {
        BroadcastMessage message = broadcast("emit-numbers", root.broadcast());
        assertThat(message.packet().data()).isEqualTo(List.of("num", 0, 127, 128, 255, 256, 65535, 65536,
                4294967295L, 4294967296L, 1099511627776L, -1099511627776L, 9007199254740991L, -9007199254740991L,
                1.5, -0.5, 0.1, -1, -32, -33, -128, -129, -32768, -32769, Integer.MIN_VALUE, -2147483649L,
                0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0, 0, 0));
        // the JS values, as doubles, encode to Node's bytes, wrapped 2^64 and 1e300 included
        List<Object> js = new ArrayList<>(List.of("num"));
        for (double d : new double[] {0, 127, 128, 255, 256, 65535, 65536, Math.pow(2, 32) - 1, Math.pow(2, 32),
                Math.pow(2, 40), -Math.pow(2, 40), Math.pow(2, 53) - 1, -(Math.pow(2, 53) - 1), 1.5, -0.5, 0.1, -1,
                -32, -33, -128, -129, -32768, -32769, -Math.pow(2, 31), -Math.pow(2, 31) - 1, -0.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, Math.pow(2, 64), Math.pow(2, 70),
                -Math.pow(2, 64)}) {
            js.add(d);
        }
        BroadcastMessage fromJs = new BroadcastMessage(uidA, Packet.event("/", js), message.opts());
        assertThat(fromJs.encode()).isEqualTo(one("emit-numbers").bytes());
    }

    @Test
    void stringsAndKeyOrder() throws WireFormatException {
        assertThat(broadcast("emit-unicode", root.broadcast()).packet().data()).isEqualTo(List.of("str", "héllo",
                "日本語", "😀", "a".repeat(31), "b".repeat(32), "c".repeat(255), "d".repeat(256), "x".repeat(300),
                "é".repeat(40000), "\u0000\u001f\"\\/"));
        Map<?, ?> keys = (Map<?, ?>) broadcast("emit-index-keys", root.broadcast()).packet().data().get(1);
        // { b: 1, 2: 2, a: 3, 1: 4, '01': 5 }: a JS object puts array indexes first
        assertThat(keys.keySet().toString()).isEqualTo("[1, 2, b, a, 01]");
        assertThat(keys.values().toString()).isEqualTo("[4, 2, 1, 3, 5]");
    }

    @Test
    void numericRoomsAndOtherNamespaces() throws WireFormatException {
        BroadcastMessage numeric = broadcast("emit-numeric-room", root.broadcast("123"));
        assertThat(numeric.opts().rooms()).containsExactly("123");
        BroadcastMessage admin = broadcast("emit-admin", new ClassicChannels(prefix, "/admin").broadcast("r1"));
        assertThat(admin.uid()).isEqualTo(meta.get("uidAdminA").asText());
        assertThat(admin.packet().nsp()).isEqualTo("/admin");
        assertThat(root.roomOf(one("emit-admin").channel())).isEmpty();
    }

    @Test
    void socketBroadcastsExceptTheSocketAndCarryAckIds() throws WireFormatException {
        BroadcastMessage broadcast = broadcast("socket-broadcast", root.broadcast());
        assertThat(broadcast.uid()).isEqualTo(uidB);
        assertThat(broadcast.opts().except()).containsExactly(sid);
        BroadcastMessage toRoom = broadcast("socket-to-room", root.broadcast("r1"));
        assertThat(toRoom.opts().rooms()).containsExactly("r1");
        assertThat(toRoom.opts().except()).containsExactly(sid);
        BroadcastMessage withId = broadcast("socket-emit-with-ack-id", root.broadcast(sid));
        assertThat(withId.packet().id()).isNotNull();
        assertThat(withId.packet().data()).isEqualTo(List.of("welcome", "hi"));
        assertThat(withId.packet().toMap().keySet()).containsExactly("type", "data", "id", "nsp");
    }

    @Test
    void broadcastWithAcks() throws WireFormatException {
        List<Captured> messages = all("emit-with-ack");
        assertThat(messages).hasSize(3);
        Request request = Request.decode(messages.get(0).bytes());
        assertThat(messages.get(0).channel()).isEqualTo(root.request());
        assertThat(messages.get(0).bytes()[0]).as("MessagePack, not JSON").isNotEqualTo((byte) '{');
        assertThat(request.type()).isEqualTo(RequestType.BROADCAST);
        assertThat(request.uid()).isEqualTo(uidA);
        assertThat(request.packet()).isEqualTo(new Packet(2, List.of("ackme", "q"), null, "/"));
        assertThat(request.opts().flags().values()).isEqualTo(Map.of("timeout", 2000));
        Response count = Response.decode(messages.get(1).bytes());
        assertThat(messages.get(1).channel()).isEqualTo(root.response(uidA));
        assertThat(count.type()).isEqualTo(RequestType.BROADCAST_CLIENT_COUNT);
        assertThat(count.requestId()).isEqualTo(request.requestId());
        assertThat(count.clientCount()).isEqualTo(1);
        Response ack = Response.decode(messages.get(2).bytes());
        assertThat(ack.type()).isEqualTo(RequestType.BROADCAST_ACK);
        Map<?, ?> argument = (Map<?, ?>) ack.ackArgument();
        assertThat(argument.get("echo")).isEqualTo("q");
        assertThat((byte[]) argument.get("bin")).containsExactly(9, 8, 7);
        // the client's Date crossed socket.io's JSON parser: a string by then
        assertThat(argument.get("at")).isEqualTo("1970-01-02T00:00:00.000Z");

        List<Captured> single = all("remote-socket-emit-with-ack");
        Request toSocket = Request.decode(single.get(0).bytes());
        assertThat(toSocket.opts().rooms()).containsExactly(sid);
        assertThat(toSocket.opts().flags().values().keySet()).containsExactly("expectSingleResponse", "timeout");
        assertThat(toSocket.opts().flags().expectSingleResponse()).isTrue();
        assertThat(toSocket.opts().flags().timeout()).isEqualTo(1500L);
    }

    @Test
    void fetchSocketsCarriesTheRealHandshake() throws WireFormatException {
        List<Captured> messages = all("fetch-sockets");
        Request request = Request.decode(messages.get(0).bytes());
        assertThat(request).isEqualTo(Request.remoteFetch(uidA, request.requestId(),
                BroadcastOptions.of(List.of(), List.of())));
        Response response = Response.decode(messages.get(1).bytes());
        assertThat(response.requestId()).isEqualTo(request.requestId());
        List<RemoteSocketDetail> sockets = response.fetchedSockets();
        assertThat(sockets).hasSize(1);
        RemoteSocketDetail socket = sockets.get(0);
        assertThat(socket.id()).isEqualTo(sid);
        assertThat(socket.rooms()).containsExactly(sid, "room1");
        assertThat(socket.data()).isEqualTo(ordered("name", "Zoë", "level", 3));
        assertThat(socket.handshake().keySet()).containsExactly("headers", "time", "address", "xdomain", "secure",
                "issued", "url", "query", "auth");
        assertThat(socket.handshake().get("auth")).isEqualTo(Map.of("token", "secret"));
        Map<?, ?> query = (Map<?, ?>) socket.handshake().get("query");
        assertThat(query.get("q")).isEqualTo("search");
        assertThat(query.get("n")).isEqualTo("1");
        assertThat(socket.handshake().get("issued")).isInstanceOf(Long.class);
        assertThat(Response.fetchedSockets(response.requestId(), sockets).encode()).isEqualTo(messages.get(1).bytes());

        Request inRoom = Request.decode(all("fetch-sockets-room").get(0).bytes());
        assertThat(inRoom.opts()).isEqualTo(BroadcastOptions.of(List.of("room1"), List.of("x")));
        List<Captured> fromB = all("fetch-sockets-from-b");
        assertThat(Request.decode(fromB.get(0).bytes()).uid()).isEqualTo(uidB);
        assertThat(fromB.get(1).channel()).as("A publishes on the shared channel").isEqualTo(root.response());
        assertThat(Response.decode(fromB.get(1).bytes()).sockets()).isEmpty();
    }

    @Test
    void allRoomsAndRemoteOperations() throws WireFormatException {
        List<Captured> rooms = all("all-rooms");
        Request request = Request.decode(rooms.get(0).bytes());
        assertThat(request).isEqualTo(Request.allRooms(uidA, request.requestId()));
        assertThat(Response.decode(rooms.get(1).bytes()).rooms()).containsExactlyInAnyOrder(sid, "room1");
        assertThat(Request.decode(one("sockets-join").bytes())).isEqualTo(
                Request.remoteJoin(uidA, BroadcastOptions.of(List.of("room1"), List.of()), List.of("r5", "r6")));
        assertThat(Request.decode(one("sockets-leave").bytes())).isEqualTo(
                Request.remoteLeave(uidA, BroadcastOptions.of(List.of(), List.of("x")), List.of("r5")));
        assertThat(Request.decode(one("disconnect-sockets").bytes())).isEqualTo(
                Request.remoteDisconnect(uidA, BroadcastOptions.of(List.of("nobody"), List.of()), true));
    }

    @Test
    void serverSideEmits() throws WireFormatException {
        assertThat(Request.decode(one("server-side-emit").bytes())).isEqualTo(
                Request.serverSideEmit(uidA, null, List.of("hello", 1, Map.of("a", "b"), List.of(2))));
        // Node does not turn the JSON of a Buffer back into a Buffer, nor a Date's string into a Date: nor do we
        assertThat(Request.decode(one("server-side-emit-binary").bytes()).data()).isEqualTo(List.of("bin",
                ordered("type", "Buffer", "data", List.of(1, 2)), "1970-01-01T00:00:00.000Z"));
        List<Captured> withAck = all("server-side-emit-ack");
        Request request = Request.decode(withAck.get(0).bytes());
        assertThat(request.requestId()).isNotNull();
        assertThat(request.data()).isEqualTo(List.of("ssemit", 7));
        Response response = Response.decode(withAck.get(1).bytes());
        assertThat(response.type()).isEqualTo(RequestType.SERVER_SIDE_EMIT);
        assertThat(response.data()).isEqualTo(ordered("pong", 7, "when", "2023-11-14T22:13:20.123Z"));
        Response noArg = Response.decode(all("server-side-emit-ack-no-arg").get(1).bytes());
        assertThat(noArg.hasData()).isFalse();
        assertThat(Response.serverSideEmitAckWithoutArgument(noArg.requestId()).encode())
                .isEqualTo(all("server-side-emit-ack-no-arg").get(1).bytes());
    }

    @Test
    void emitterMessages() throws WireFormatException {
        BroadcastMessage emit = broadcast("emitter-emit", root.broadcast());
        assertThat(emit.uid()).isEqualTo(BroadcastMessage.EMITTER_UID);
        assertThat(emit.opts().layout()).isEqualTo(BroadcastOptions.Layout.EMITTER);
        assertThat(emit.packet().data().get(3)).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat((byte[]) emit.packet().data().get(2)).containsExactly(1);
        assertThat(broadcast("emitter-room", root.broadcast("r1")).opts().rooms()).containsExactly("r1");
        BroadcastMessage rooms = broadcast("emitter-two-rooms-except", root.broadcast());
        assertThat(rooms.opts()).isEqualTo(new BroadcastOptions(List.of("r1", "r2"), List.of("r3"),
                BroadcastFlags.NONE, BroadcastOptions.Layout.EMITTER));
        assertThat(broadcast("emitter-volatile-compress", root.broadcast()).opts().flags().values())
                .isEqualTo(ordered("volatile", true, "compress", false));
        assertThat(broadcast("emitter-admin", new ClassicChannels(prefix, "/admin").broadcast()).packet().nsp())
                .isEqualTo("/admin");
        assertThat(Request.decode(one("emitter-sockets-join").bytes())).isEqualTo(
                Request.remoteJoin(null, BroadcastOptions.of(List.of("room1"), List.of()), List.of("r7")));
        assertThat(Request.decode(one("emitter-sockets-leave").bytes())).isEqualTo(
                Request.remoteLeave(null, BroadcastOptions.of(List.of(), List.of("x")), List.of("r7")));
        assertThat(Request.decode(one("emitter-disconnect").bytes())).isEqualTo(
                Request.remoteDisconnect(null, BroadcastOptions.of(List.of("nobody"), List.of()), false));
        assertThat(Request.decode(one("emitter-server-side-emit").bytes())).isEqualTo(
                Request.serverSideEmit("emitter", null, List.of("hello", Map.of("from", "emitter"))));
    }
}
