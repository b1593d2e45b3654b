package dev.parley.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.LiveHeap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden vectors from the Socket.IO v5 protocol document ("Packet encoding" and its examples). */
class JsonParserTest {
    private final JsonParser parser = new JsonParser(new ObjectMapper());

    // socket.io-protocol v5, "Examples"
    private static final String CONNECT_MAIN = "0";
    private static final String CONNECT_ADMIN_WITH_AUTH = "0/admin,{\"token\":\"123\"}";
    private static final String CONNECT_ACK = "0{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}";
    private static final String CONNECT_ERROR = "4{\"message\":\"Not authorized\"}";
    private static final String EVENT = "2[\"foo\"]";
    private static final String EVENT_ADMIN_WITH_ID = "2/admin,456[\"project:delete\",123]";
    private static final String ACK_ADMIN = "3/admin,456[]";
    private static final String BINARY_EVENT = "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]";
    private static final String BINARY_ACK = "61-/admin,456[{\"_placeholder\":true,\"num\":0}]";
    private static final String DISCONNECT_ADMIN = "1/admin,";

    @Test
    void encodesTheDocumentedExamples() {
        assertThat(encode(new Packet(PacketType.CONNECT, "/", -1, null))).isEqualTo(CONNECT_MAIN);
        assertThat(encode(new Packet(PacketType.CONNECT, "/admin", -1, Map.of("token", "123"))))
                .isEqualTo(CONNECT_ADMIN_WITH_AUTH);
        assertThat(encode(new Packet(PacketType.CONNECT, "/", -1, Map.of("sid", "oSO0OpakMV_3jnilAAAA"))))
                .isEqualTo(CONNECT_ACK);
        assertThat(encode(new Packet(PacketType.CONNECT_ERROR, "/", -1, Map.of("message", "Not authorized"))))
                .isEqualTo(CONNECT_ERROR);
        assertThat(encode(Packet.event("/", List.of("foo"), -1))).isEqualTo(EVENT);
        assertThat(encode(Packet.event("/admin", List.of("project:delete", 123), 456))).isEqualTo(EVENT_ADMIN_WITH_ID);
        assertThat(encode(Packet.ack("/admin", List.of(), 456))).isEqualTo(ACK_ADMIN);
        assertThat(encode(new Packet(PacketType.DISCONNECT, "/admin", -1, null))).isEqualTo(DISCONNECT_ADMIN);
    }

    @Test
    void binaryValuesBecomePlaceholdersAndAttachmentsInAnyPosition() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        EncodedPacket encoded = parser.encode(Packet.event("/", List.of("baz", a), -1));
        assertThat(encoded.text()).isEqualTo(BINARY_EVENT);
        assertThat(encoded.attachments()).containsExactly(a);

        EncodedPacket ack = parser.encode(Packet.ack("/admin", List.of(ByteBuffer.wrap(b)), 456));
        assertThat(ack.text()).isEqualTo(BINARY_ACK);
        assertThat(ack.attachments().get(0)).containsExactly(b);

        EncodedPacket nested = parser.encode(Packet.event("/", List.of("x", Map.of("deep", List.of(1, a)), b), -1));
        assertThat(nested.text()).isEqualTo(
                "52-[\"x\",{\"deep\":[1,{\"_placeholder\":true,\"num\":0}]},{\"_placeholder\":true,\"num\":1}]");
        assertThat(nested.attachments()).containsExactly(a, b);
    }

    @Test
    void recordsArePlainJson() {
        record Point(int x, String label) {
        }
        assertThat(encode(Packet.event("/", List.of("p", new Point(3, "a")), -1))).isEqualTo("2[\"p\",{\"x\":3,\"label\":\"a\"}]");
    }

    @Test
    void decodesTheDocumentedExamples() throws Exception {
        assertThat(decode(CONNECT_MAIN)).isEqualTo(new Packet(PacketType.CONNECT, "/", -1, null));
        assertThat(decode(CONNECT_ADMIN_WITH_AUTH)).isEqualTo(new Packet(PacketType.CONNECT, "/admin", -1, Map.of("token", "123")));
        assertThat(decode(EVENT_ADMIN_WITH_ID)).isEqualTo(Packet.event("/admin", List.of("project:delete", 123), 456));
        assertThat(decode(ACK_ADMIN)).isEqualTo(Packet.ack("/admin", List.of(), 456));
        assertThat(decode(DISCONNECT_ADMIN)).isEqualTo(new Packet(PacketType.DISCONNECT, "/admin", -1, null));
        // A namespace without the trailing comma (what the v5 test suite sends for an unknown namespace).
        assertThat(decode("0/random").namespace()).isEqualTo("/random");
    }

    @Test
    void binaryPacketsWaitForTheirAttachments() throws Exception {
        SocketIoParser.Decoder decoder = parser.newDecoder();
        assertThat(decoder.decode("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"a\":{\"_placeholder\":true,\"num\":1}}]".substring(1)))
                .isNull();
        assertThat(decoder.decode(new byte[] {1, 2, 3})).isNull();
        Packet packet = decoder.decode(new byte[] {4, 5, 6});
        assertThat(packet.type()).isEqualTo(PacketType.BINARY_EVENT);
        @SuppressWarnings("unchecked")
        List<Object> data = (List<Object>) packet.data();
        assertThat(data.get(0)).isEqualTo("message");
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        assertThat((byte[]) ((Map<?, ?>) data.get(2)).get("a")).containsExactly(4, 5, 6);
        // The decoder is ready for the next packet.
        assertThat(decoder.decode(EVENT)).isEqualTo(Packet.event("/", List.of("foo"), -1));
    }

    @Test
    void rejectsMalformedPackets() {
        for (String bad : Arrays.asList("", "abc", "7", "2{}", "2[]", "2\"foo\"", "2abc[\"a\"]", "2[\"a\"", "1{}",
                "0[]", "3{}", "5-[\"a\"]", "5x-[\"a\"]", "2[\"connect\"]", "2[\"disconnect\",1]", "2[{}]",
                "21234567890123456[\"a\"]", "4", "2[\"a\"]x", "2[\"a\"][\"b\"]", "0{}{}", "3[1] 2")) {
            assertThatThrownBy(() -> parser.newDecoder().decode(bad)).as(bad).isInstanceOf(SocketIoParseException.class);
        }
    }

    @Test
    void rejectsBinaryOutOfPlace() throws Exception {
        assertThatThrownBy(() -> parser.newDecoder().decode(new byte[] {1})).isInstanceOf(SocketIoParseException.class);
        SocketIoParser.Decoder decoder = parser.newDecoder();
        decoder.decode("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.decode("2[\"b\"]")).isInstanceOf(SocketIoParseException.class);
        SocketIoParser.Decoder wrongNum = parser.newDecoder();
        wrongNum.decode("51-[\"a\",{\"_placeholder\":true,\"num\":3}]");
        assertThatThrownBy(() -> wrongNum.decode(new byte[] {1})).isInstanceOf(SocketIoParseException.class);
    }

    @Test
    void attachmentCountIsCapped() {
        JsonParser small = new JsonParser(new ObjectMapper(), 2);
        assertThatThrownBy(() -> small.newDecoder().decode("53-[\"a\"]")).isInstanceOf(SocketIoParseException.class);
    }

    @Test
    void unicodeSurvivesTheRoundTrip() throws Exception {
        String text = "héllo \uD83D\uDE00 \u0000 \"quoted\"";
        Packet back = decode(encode(Packet.event("/", List.of("t", text), 7)));
        assertThat(back.data()).isEqualTo(List.of("t", text));
        // On the wire: raw UTF-8 for the emoji, JSON escapes for NUL and the quotes.
        assertThat(encode(Packet.event("/", List.of("t", text), 7)))
                .isEqualTo("27[\"t\",\"héllo \uD83D\uDE00 \\u0000 \\\"quoted\\\"\"]");
    }

    private String encode(Packet packet) {
        EncodedPacket encoded = parser.encode(packet);
        assertThat(encoded.attachments()).isEmpty();
        return encoded.text();
    }

    private Packet decode(String text) throws SocketIoParseException {
        return parser.newDecoder().decode(text);
    }

    /**
     * Found by {@code JsonParserFuzzTest}: only binary packets have placeholders (socket.io-parser
     * reconstructs BINARY_EVENT and BINARY_ACK only, and only {@code _placeholder === true} with a number
     * {@code num}); in any other packet such an object is application data, not a parse error.
     */
    @Test
    void placeholderShapedObjectsAreDataOutsideBinaryPackets() throws Exception {
        Packet event = decode("2[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(event.type()).isEqualTo(PacketType.EVENT);
        assertThat(event.data()).isEqualTo(List.of("x", Map.of("_placeholder", true, "num", 0)));
        assertThat(encode(event)).isEqualTo("2[\"x\",{\"_placeholder\":true,\"num\":0}]");
        SocketIoParser.Decoder decoder = parser.newDecoder();
        decoder.decode("51-[\"a\",{\"_placeholder\":\"true\",\"num\":0},{\"_placeholder\":true,\"num\":\"0\"},"
                + "{\"_placeholder\":true,\"num\":0}]");
        Packet binary = decoder.decode(new byte[] {7});
        assertThat(binary.data()).asList().element(1).isEqualTo(Map.of("_placeholder", "true", "num", 0));
        assertThat(binary.data()).asList().element(2).isEqualTo(Map.of("_placeholder", true, "num", "0"));
        assertThat((byte[]) ((List<?>) binary.data()).get(3)).containsExactly(7);
    }

    /**
     * Found by {@code JsonParserFuzzTest}: only EVENT and ACK become binary packets (socket.io-parser);
     * binary data in a CONNECT or CONNECT_ERROR was cut out as an attachment that the packet did not
     * announce, so the receiver failed on an unexpected binary message. It is base64 text instead.
     */
    @Test
    void binaryOutsideEventsAndAcksStaysInTheJson() throws Exception {
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("message", "no");
        error.put("data", new byte[] {1, 2});
        EncodedPacket encoded = parser.encode(new Packet(PacketType.CONNECT_ERROR, "/", -1, error));
        assertThat(encoded.attachments()).isEmpty();
        assertThat(encoded.text()).isEqualTo("4{\"message\":\"no\",\"data\":\"AQI=\"}");
        assertThat(decode(encoded.text()).data()).isEqualTo(Map.of("message", "no", "data", "AQI="));
    }
    /**
     * With Jackson's default features the parser reads and writes plain JSON itself; with any feature changed
     * it goes through Jackson's tree. Both must give the same packets, the same refusals and the same text,
     * on the cases where a hand-written JSON reader or writer usually goes wrong.
     */
    @Test
    void ownJsonReaderAgreesWithJackson() {
        ObjectMapper changed = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        assertThat(JacksonDefaults.hasDefaultFeatures(new ObjectMapper())).isTrue();
        assertThat(JacksonDefaults.hasDefaultFeatures(changed)).isFalse();
        JsonParser throughJackson = new JsonParser(changed);
        StringBuilder controls = new StringBuilder("2[\"c\",\"");
        for (char c = 0; c < 0x80; c++) {
            controls.append(c == '"' || c == '\\' || c < 0x20 ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c));
        }
        List<String> cases = new ArrayList<>(List.of(controls.append("\"]").toString(),
                "2[\"chat\",{\"text\":\"hello\",\"n\":1}]", "2 [ \"a\" , { \"k\" : [ 1 , -0 , 1e400 , 1.5E-3 ] } ] ",
                "2[\"a\",9223372036854775807,9223372036854775808,-2147483649,2147483647,-9223372036854775809,2147483648]",
                "2[\"a\",\"\\u00e9\\ud800\\n\\t\\b\\f\\r\\/\\\\\\\"\"]", "2[\"a\",01]", "2[\"a\",-01]", "2[\"a\",1.]",
                "2[\"a\",.5]", "2[\"a\",-]", "2[\"a\",1e]", "2[\"a\",1e+]", "2[\"a\",+1]", "2[\"a\",tru]", "2[\"a\",nul]", "2[\"a\",falsey]",
                "2[\"a\"]\n", "2[\"a\"]\u000b", "2[\"a\"]\u00a0", "2\u000b[\"a\"]", "2[\"a\",{\"x\":1,\"x\":2,\"y\":3}]",
                "2[\"a\",{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"a\":10}]",
                "0null", "0 ", "1null", "4null", "4\"oops\"", "3/ns,7[]", "2[\"a\",\"\u0001\"]", "2[\"a\",[[[[[]]]]]]", "2[1,{}]",
                "2[\"a\",1.0,-1.0e+2,0.0,1E5,123456789012345678901234567890]", "2[\"a\"] x", "2[\"a\",]", "2[\"a\",{\"k\":1,}]",
                "2[\"a\",{\"k\"}]", "2[\"\\u12\"]", "2[\"\\x\"]", "2[\"a\",\"unterminated]", "2['a']", "2[\"a\"/*c*/]",
                "2[\"a\",NaN]", "2[\"a\",Infinity]", "2[\"a\",{1:2}]", "2[\"\uD83D\uDE00\",\"\uD800\"]"));
        // Jackson's nesting limit, at its value and one past it.
        cases.add("2" + "[".repeat(1000) + "]".repeat(1000));
        cases.add("2" + "[".repeat(1001) + "]".repeat(1001));
        // The reader recurses once per level. An event loop's 1 MB stack holds about 3,700 levels even
        // interpreted, but Jazzer's coverage instrumentation (the fuzz tests share this JVM) makes each frame
        // several times larger: these cases run on a thread with a larger stack.
        runWithStack(16 << 20, () -> {
            for (String text : cases) {
                assertThat(decodeOrRefusal(parser, text)).as(text).isEqualTo(decodeOrRefusal(throughJackson, text));
            }
        });
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("null", null);
        map.put("numbers", List.of(1, -1L, Long.MIN_VALUE, (short) 3, (byte) 4, 1.5, 1e300, 1e-7, 0.1f, -0.0,
                Double.NaN, Float.POSITIVE_INFINITY, new java.math.BigInteger("123456789012345678901234567890"),
                new java.math.BigDecimal("1.10")));
        map.put("text", controls.toString() + "\uD800 é \uD83D\uDE00");
        map.put("other", List.of(java.util.Set.of("x"), Map.of(1, "a"), new Object[] {"o", 2}, 'c', PacketType.ACK));
        map.put("bytes", new byte[] {1, 2});
        for (PacketType type : List.of(PacketType.EVENT, PacketType.CONNECT, PacketType.CONNECT_ERROR)) {
            Packet packet = new Packet(type, "/", -1, type == PacketType.EVENT ? List.of("e", map) : map);
            EncodedPacket direct = parser.encode(packet);
            EncodedPacket jackson = throughJackson.encode(packet);
            assertThat(direct.text()).isEqualTo(jackson.text());
            assertThat(direct.attachments()).hasSameSizeAs(jackson.attachments());
        }
    }

    /**
     * The reader's bounds are the mapper's StreamReadConstraints (Jackson's defaults: 1,000 levels of nesting,
     * numbers of 1,000 characters), each at its value and one past it; an object past 8 entries becomes a
     * LinkedHashMap, so that a client's object of many keys costs no quadratic scans.
     */
    @Test
    void readerBoundsAreTheMappersConstraints() {
        runWithStack(16 << 20, () -> {
            try {
                assertThat(decode("2[\"a\"," + "[".repeat(999) + "]".repeat(999) + "]")).isNotNull();
                assertThatThrownBy(() -> decode("2[\"a\"," + "[".repeat(1000) + "]".repeat(1000) + "]"))
                        .isInstanceOf(SocketIoParseException.class).hasMessageContaining("nesting deeper than 1000");
                assertThat(decode("2[\"a\"," + "1".repeat(1000) + "]")).isNotNull();
                assertThatThrownBy(() -> decode("2[\"a\"," + "1".repeat(1001) + "]"))
                        .isInstanceOf(SocketIoParseException.class).hasMessageContaining("number longer than 1000");
            } catch (SocketIoParseException e) {
                throw new AssertionError(e);
            }
        });
        StringBuilder many = new StringBuilder("2[\"a\",{");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        Packet packet = decodeUnchecked(many.append("}]").toString());
        Object object = ((List<?>) packet.data()).get(1);
        assertThat(object).isInstanceOf(LinkedHashMap.class).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .hasSize(10_000).containsEntry("k9999", 9999);
        assertThat(((List<?>) decodeUnchecked("2[\"a\",{\"x\":1}]").data()).get(1)).isInstanceOf(CompactJsonObject.class);
    }

    /**
     * Keys, event names and namespaces come from a table shared by every connection: whatever keys clients
     * send, it keeps at most 512 strings of at most 32 characters (about 40 KB). 200,000 distinct keys of 32
     * characters would hold about 16 MB if it grew.
     */
    @Test
    void theSharedStringTableIsBoundedOnLiveHeap() throws Exception {
        JsonParser shared = new JsonParser(new ObjectMapper());
        SocketIoParser.Decoder decoder = shared.newDecoder();
        long before = LiveHeap.bytes();
        for (int i = 0; i < 200_000; i++) {
            decoder.decode("2/n" + i + ",[\"e" + i + "\",{\"" + String.format("%032d", i) + "\":1}]");
        }
        long grown = LiveHeap.bytes() - before;
        assertThat(grown).as("live heap grown by %d bytes", grown).isLessThan(2_000_000);
        java.lang.ref.Reference.reachabilityFence(shared);
        java.lang.ref.Reference.reachabilityFence(decoder);
    }

    private Packet decodeUnchecked(String text) {
        try {
            return decode(text);
        } catch (SocketIoParseException e) {
            throw new AssertionError(e);
        }
    }

    private static void runWithStack(long stackSize, Runnable body) {
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "json-reader-test", stackSize);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        if (failure[0] instanceof AssertionError error) {
            throw error;
        }
        assertThat(failure[0]).isNull();
    }

    private static Object decodeOrRefusal(JsonParser parser, String text) {
        try {
            return parser.newDecoder().decode(text);
        } catch (SocketIoParseException e) {
            return "refused";
        }
    }
}
