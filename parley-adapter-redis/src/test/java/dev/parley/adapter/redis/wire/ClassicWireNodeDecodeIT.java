package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The other direction: what the wire classes encode, decoded by Node as {@code @socket.io/redis-adapter}
 * 8.3.0 does ({@code parley-testkit/node/redis-decode.mjs}: notepack.io 3.0.1, or JSON.parse for a leading
 * '{'). Node must read the values meant, and write them back byte for byte: notepack re-encoding its own
 * decode gives our MessagePack, JSON.stringify of JSON.parse gives our JSON.
 */
class ClassicWireNodeDecodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Our bytes, each with the tagged value Node must decode them to (JSON, single quotes for readability). */
    private record Case(String name, byte[] bytes, String expected) {
    }

    @Test
    void nodeDecodesWhatWeEncodeAndWritesItBackIdentically() throws Exception {
        byte[] big = new byte[300];
        Arrays.fill(big, (byte) 5);
        List<Object> args = new ArrayList<>(List.of("ev", 0, 127, 128, -33, 70000, 5_000_000_000L,
                -5_000_000_000L, 1.5, -0.5, 1.0, 0.1, Double.NaN, "héllo 😀", "a".repeat(32), new byte[] {1, 2},
                ordered("b", 1, "2", 2, "a", List.of(true, false)), Instant.ofEpochMilli(1700000000123L),
                Instant.ofEpochMilli(-1), Instant.EPOCH));
        args.add(null);
        BroadcastMessage broadcast = new BroadcastMessage("javaUid", Packet.event("/", args),
                BroadcastOptions.of(List.of("r1"), List.of("r2"),
                        BroadcastFlags.NONE.with("volatile", true).with("timeout", 5000)));
        BroadcastMessage fromEmitter = new BroadcastMessage(BroadcastMessage.EMITTER_UID,
                Packet.event("/admin", List.of("ev", big)), new BroadcastOptions(List.of(), List.of(),
                        BroadcastFlags.NONE.with("compress", false), BroadcastOptions.Layout.EMITTER));
        BroadcastMessage withId = new BroadcastMessage("javaUid", new Packet(2, List.of("ev"), 7, "/"),
                BroadcastOptions.of(List.of("sid"), List.of(), BroadcastFlags.NONE));
        BroadcastOptions opts = BroadcastOptions.of(List.of("r1"), List.of("x"));
        List<Object> jsonData = Arrays.asList("ev", 1.0, 1e21, 1e-7, 0.1, -0.0, 123456789012.5, "\u001f\n\"é",
                "\ud800", new byte[] {1, 2}, Instant.ofEpochMilli(1700000000123L), Double.NaN, null, 5e-324,
                Double.MAX_VALUE, 1.0 / 3, 1.5e-6);
        RemoteSocketDetail detail = new RemoteSocketDetail("sid",
                ordered("headers", Map.of("host", "x"), "time", "now", "address", "::1", "xdomain", false,
                        "secure", false, "issued", 1700000000123L, "url", "/socket.io/", "query", Map.of("a", "b"),
                        "auth", Map.of()), List.of("sid", "room1"), ordered("k", 1));

        List<Case> cases = List.of(
                new Case("broadcast", broadcast.encode(), "['javaUid',{'type':2,'data':['ev',0,127,128,-33,70000,"
                        + "5000000000,-5000000000,1.5,-0.5,1,0.1,{'$num':'NaN'},'héllo 😀','" + "a".repeat(32)
                        + "',{'$bin':'AQI='},{'2':2,'b':1,'a':[true,false]},{'$date':1700000000123},{'$date':-1},"
                        + "{'$date':0},null],'nsp':'/'},{'rooms':['r1'],'except':['r2'],"
                        + "'flags':{'volatile':true,'timeout':5000}}]"),
                new Case("emitter broadcast", fromEmitter.encode(), "['emitter',{'type':2,'data':['ev',{'$bin':'"
                        + Base64.getEncoder().encodeToString(big) + "'}],'nsp':'/admin'},{'rooms':[],"
                        + "'flags':{'compress':false},'except':[]}]"),
                new Case("packet with id", withId.encode(), "['javaUid',{'type':2,'data':['ev'],'id':7,'nsp':'/'},"
                        + "{'rooms':['sid'],'except':[],'flags':{}}]"),
                new Case("broadcast request", Request.broadcast("u", "req1", Packet.event("/", List.of("ev")),
                        BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE.with("timeout", 100))).encode(),
                        "{'uid':'u','requestId':'req1','type':7,'packet':{'type':2,'data':['ev'],'nsp':'/'},"
                        + "'opts':{'rooms':[],'except':[],'flags':{'timeout':100}}}"),
                new Case("all rooms", Request.allRooms("u", "req2").encode(),
                        "{'uid':'u','requestId':'req2','type':1}"),
                new Case("join", Request.remoteJoin("u", opts, List.of("a", "b")).encode(),
                        "{'uid':'u','type':2,'opts':{'rooms':['r1'],'except':['x']},'rooms':['a','b']}"),
                new Case("leave", Request.remoteLeave(null, opts, List.of("a")).encode(),
                        "{'type':3,'opts':{'rooms':['r1'],'except':['x']},'rooms':['a']}"),
                new Case("disconnect", Request.remoteDisconnect("u", opts, true).encode(),
                        "{'uid':'u','type':4,'opts':{'rooms':['r1'],'except':['x']},'close':true}"),
                new Case("fetch", Request.remoteFetch("u", "req3", opts).encode(),
                        "{'uid':'u','requestId':'req3','type':5,'opts':{'rooms':['r1'],'except':['x']}}"),
                new Case("server-side emit", Request.serverSideEmit("u", "req4", jsonData).encode(),
                        "{'uid':'u','requestId':'req4','type':6,'data':['ev',1,1e21,1e-7,0.1,0,123456789012.5,"
                        + "'\\u001f\\n\\\"é','\\ud800',{'type':'Buffer','data':[1,2]},'2023-11-14T22:13:20.123Z',"
                        + "null,null,5e-324,1.7976931348623157e+308,0.3333333333333333,0.0000015]}"),
                new Case("sockets response", Response.sockets("req5", List.of("s1", "s2")).encode(),
                        "{'requestId':'req5','sockets':['s1','s2']}"),
                new Case("fetch response", Response.fetchedSockets("req6", List.of(detail)).encode(),
                        "{'requestId':'req6','sockets':[{'id':'sid','handshake':{'headers':{'host':'x'},"
                        + "'time':'now','address':'::1','xdomain':false,'secure':false,'issued':1700000000123,"
                        + "'url':'/socket.io/','query':{'a':'b'},'auth':{}},'rooms':['sid','room1'],"
                        + "'data':{'k':1}}]}"),
                new Case("rooms response", Response.allRooms("req7", List.of("r")).encode(),
                        "{'requestId':'req7','rooms':['r']}"),
                new Case("done response", Response.done("req8").encode(), "{'requestId':'req8'}"),
                new Case("server-side ack", Response.serverSideEmitAck("req9", ordered("ok", true)).encode(),
                        "{'type':6,'requestId':'req9','data':{'ok':true}}"),
                new Case("server-side ack without argument",
                        Response.serverSideEmitAckWithoutArgument("req10").encode(),
                        "{'type':6,'requestId':'req10'}"),
                new Case("client count", Response.broadcastClientCount("req11", 3).encode(),
                        "{'type':8,'requestId':'req11','clientCount':3}"),
                new Case("broadcast ack", Response.broadcastAck("req12", List.of(new byte[] {9}, 2.5)).encode(),
                        "{'type':9,'requestId':'req12','packet':[{'$bin':'CQ=='},2.5]}"));

        String[] base64 = cases.stream().map(c -> Base64.getEncoder().encodeToString(c.bytes()))
                .toArray(String[]::new);
        NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30), "redis-decode.mjs", base64);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            JsonNode decoded = JSON.readTree(result.lines().get(i));
            assertThat(decoded.has("error")).as("%s: %s", c.name(), decoded).isFalse();
            // key order is part of the expectation: compare the text, not the tree
            assertThat(JSON.writeValueAsString(decoded.get("value")))
                    .as(c.name()).isEqualTo(JSON.writeValueAsString(JSON.readTree(c.expected().replace('\'', '"'))));
            if (c.bytes()[0] == '{') {
                assertThat(decoded.get("restringified").asText()).as(c.name())
                        .isEqualTo(new String(c.bytes(), StandardCharsets.UTF_8));
            } else {
                assertThat(Base64.getDecoder().decode(decoded.get("reencoded").asText())).as(c.name())
                        .isEqualTo(c.bytes());
            }
        }
    }
}
