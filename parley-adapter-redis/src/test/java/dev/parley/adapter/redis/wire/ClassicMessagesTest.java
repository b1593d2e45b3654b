package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channel names, malformed and unknown messages, and JSON number text, without Redis or Node. */
class ClassicMessagesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void channelsAreNamedAsNodeNamesThem() {
        ClassicChannels root = new ClassicChannels(ClassicChannels.DEFAULT_KEY, "/");
        assertThat(root.broadcast()).isEqualTo("socket.io#/#");
        assertThat(root.broadcast("r1")).isEqualTo("socket.io#/#r1#");
        assertThat(root.broadcastTo(List.of("r1"))).isEqualTo("socket.io#/#r1#");
        assertThat(root.broadcastTo(List.of("r1", "r2"))).isEqualTo("socket.io#/#");
        assertThat(root.broadcastTo(List.of())).isEqualTo("socket.io#/#");
        assertThat(root.pattern()).isEqualTo("socket.io#/#*");
        assertThat(root.request()).isEqualTo("socket.io-request#/#");
        assertThat(root.response()).isEqualTo("socket.io-response#/#");
        assertThat(root.response("abc123")).isEqualTo("socket.io-response#/#abc123#");
        assertThat(new ClassicChannels("k", "/admin").broadcast("r")).isEqualTo("k#/admin#r#");
    }

    @Test
    void roomsAreReadOutOfChannelsAsOnmessageSlicesThem() {
        ClassicChannels root = new ClassicChannels("k", "/");
        assertThat(root.roomOf("k#/#")).contains("");
        assertThat(root.roomOf("k#/#r1#")).contains("r1");
        assertThat(root.roomOf("k#/#a#b#")).contains("a#b");
        assertThat(root.roomOf("k#/#r1")).as("slice(-1) drops the last character whatever it is").contains("r");
        assertThat(root.roomOf("k#/admin#r1#")).isEmpty();
        assertThat(root.roomOf("other#/#")).isEmpty();
    }

    @Test
    void unknownTypesAreDistinguishable() {
        for (String json : List.of("{\"type\":99}", "{\"type\":8,\"requestId\":\"x\"}", "{\"type\":\"1\"}",
                "{\"type\":1.5}", "{}")) {
            assertThatThrownBy(() -> Request.decode(utf8(json))).as(json).isInstanceOf(UnknownTypeException.class);
        }
        assertThatThrownBy(() -> Response.decode(utf8("{\"type\":42,\"requestId\":\"x\"}")))
                .isInstanceOf(UnknownTypeException.class);
    }

    @Test
    void malformedRequestsAndResponsesFail() {
        for (String json : List.of("{bad", "{\"type\":5}", "{\"type\":2,\"sid\":\"s\",\"room\":\"r\"}",
                "{\"type\":6,\"data\":\"x\"}", "{\"type\":2,\"opts\":{},\"rooms\":[{}]}", "{\"type\":1} x",
                "{\"type\":1,\"uid\":5}")) {
            assertThatThrownBy(() -> Request.decode(utf8(json))).as(json).isInstanceOf(WireFormatException.class)
                    .isNotInstanceOf(UnknownTypeException.class);
        }
        assertThatThrownBy(() -> Request.decode(new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Request.decode(Notepack.encode(List.of(1)))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Request.decode(utf8("{" + "\"a\":[".repeat(100) + "]".repeat(100) + "}")))
                .isInstanceOf(WireFormatException.class);
        for (String json : List.of("{}", "{\"requestId\":1}", "{\"requestId\":\"r\",\"clientCount\":\"3\"}",
                "{\"requestId\":\"r\",\"sockets\":{}}", "{\"requestId\":\"r\",\"rooms\":\"a\"}")) {
            assertThatThrownBy(() -> Response.decode(utf8(json))).as(json).isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void broadcastsAreReadAsLeniantlyAsNodeReadsThem() throws WireFormatException {
        BroadcastMessage message = BroadcastMessage.decode(Notepack.encode(List.of("u",
                java.util.Map.of("type", 2, "data", List.of("ev")), java.util.Map.of(), "extra")));
        assertThat(message.packet().nsp()).isEqualTo("/");
        assertThat(message.opts().rooms()).isEmpty();
        assertThat(message.opts().flags()).isEqualTo(BroadcastFlags.NONE);
        assertThatThrownBy(() -> BroadcastMessage.decode(Notepack.encode(List.of("u", 1))))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> BroadcastMessage.decode(Notepack.encode(List.of("u",
                java.util.Map.of("type", "2", "data", List.of()), java.util.Map.of()))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("packet.type");
    }

    @Test
    void datesAreWrittenAsToIsoStringWritesThem() {
        assertThat(JsJson.isoString(java.time.Instant.ofEpochMilli(1700000000123L)))
                .isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(JsJson.isoString(java.time.Instant.ofEpochMilli(-62198755200000L)))
                .isEqualTo("-000001-01-01T00:00:00.000Z");
        assertThat(JsJson.isoString(java.time.Instant.ofEpochMilli(8_640_000_000_000_000L)))
                .isEqualTo("+275760-09-13T00:00:00.000Z");
        assertThat(JsJson.isoString(java.time.Instant.ofEpochSecond(0, 999_999)))
                .isEqualTo("1970-01-01T00:00:00.000Z");
    }

    @Test
    void numbersAreWrittenAsJsonStringifyWritesThem() {
        assertThat(JsJson.number(1.0)).isEqualTo("1");
        assertThat(JsJson.number(-0.0)).isEqualTo("0");
        assertThat(JsJson.number(1e20)).isEqualTo("100000000000000000000");
        assertThat(JsJson.number(1e21)).isEqualTo("1e+21");
        assertThat(JsJson.number(1.5e21)).isEqualTo("1.5e+21");
        assertThat(JsJson.number(123.456)).isEqualTo("123.456");
        assertThat(JsJson.number(0.000001)).isEqualTo("0.000001");
        assertThat(JsJson.number(1e-7)).isEqualTo("1e-7");
        assertThat(JsJson.number(-1.5e-6)).isEqualTo("-0.0000015");
        assertThat(JsJson.number(5e-324)).isEqualTo("5e-324");
        assertThat(JsJson.number(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(JsJson.number(Double.NaN)).isEqualTo("null");
        assertThat(JsJson.number(Double.NEGATIVE_INFINITY)).isEqualTo("null");
    }
}
