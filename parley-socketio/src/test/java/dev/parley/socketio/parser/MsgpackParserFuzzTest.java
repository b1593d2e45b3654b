package dev.parley.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes {@link MsgpackParser} and {@link MsgpackPacketReader} (socket.io-msgpack-parser's format).
 * Generated packets (every type a peer may send, nested data with {@code byte[]}, integers of every width,
 * doubles) decode to what was encoded, and their encoding is a fixed point. Arbitrary binary messages (the
 * seed corpus holds real packets from npm socket.io-msgpack-parser 3.0.2, which libFuzzer mutates) either
 * fail with {@link SocketIoParseException} or decode to a packet {@code p} with {@code decode(encode(p))}
 * equal to {@code p}, value for value (same classes, {@code byte[]} by content). Any other exception fails.
 * See docs/fuzzing.md.
 */
class MsgpackParserFuzzTest {
    private static final MsgpackParser PARSER = new MsgpackParser(new com.fasterxml.jackson.databind.ObjectMapper(), 64);
    private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    @FuzzTest(maxDuration = "5m")
    void generatedPacketsRoundTrip(FuzzedDataProvider data) throws SocketIoParseException {
        Packet packet = generatePacket(data);
        byte[] encoded = encode(packet);
        Packet decoded = PARSER.newDecoder().decode(encoded);
        assertThat(decoded.type()).isEqualTo(packet.type());
        assertThat(decoded.namespace()).isEqualTo(packet.namespace());
        assertThat(decoded.id()).isEqualTo(packet.id());
        assertSameValue(decoded.data(), packet.data(), false, "data");
        assertThat(encode(decoded)).as("encoding of the decoded packet").isEqualTo(encoded);
    }

    @FuzzTest(maxDuration = "5m")
    void arbitraryMessages(byte[] message) {
        Packet packet;
        try {
            packet = PARSER.newDecoder().decode(message);
        } catch (SocketIoParseException expected) {
            return; // the parser's own error: the connection closes with "parse error"
        }
        assertThat(packet).as("a message is one whole packet").isNotNull();
        Packet again;
        try {
            again = PARSER.newDecoder().decode(encode(packet));
        } catch (SocketIoParseException e) {
            throw new AssertionError("the encoding of an accepted packet " + packet + " does not decode", e);
        }
        assertThat(again.type()).isEqualTo(packet.type());
        assertThat(again.namespace()).isEqualTo(packet.namespace());
        assertThat(again.id()).isEqualTo(packet.id());
        assertSameValue(again.data(), packet.data(), true, "data");
    }

    private static byte[] encode(Packet packet) {
        EncodedPacket encoded = PARSER.encode(packet);
        assertThat(encoded.text()).isNull();
        assertThat(encoded.attachments()).hasSize(1);
        return encoded.attachments().get(0);
    }

    /**
     * Structural equality of decoded values. Strict: the same classes (Integer, Long, BigInteger, Double,
     * String, Boolean, byte[], List, Map). Otherwise integers may differ in width (the generator's Long 1
     * comes back as an Integer, as Jackson reads JSON numbers).
     */
    private static void assertSameValue(Object actual, Object expected, boolean strict, String path) {
        if (expected == null || actual == null) {
            assertThat(actual).as(path).isEqualTo(expected);
        } else if (expected instanceof byte[] bytes) {
            assertThat(actual).as(path).isInstanceOf(byte[].class);
            assertThat((byte[]) actual).as(path).isEqualTo(bytes);
        } else if (expected instanceof List<?> list) {
            assertThat(actual).as(path).isInstanceOf(List.class);
            List<?> other = (List<?>) actual;
            assertThat(other).as(path).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSameValue(other.get(i), list.get(i), strict, path + "[" + i + "]");
            }
        } else if (expected instanceof Map<?, ?> map) {
            assertThat(actual).as(path).isInstanceOf(Map.class);
            Map<?, ?> other = (Map<?, ?>) actual;
            assertThat(new ArrayList<Object>(other.keySet())).as(path).isEqualTo(new ArrayList<Object>(map.keySet()));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                assertSameValue(other.get(entry.getKey()), entry.getValue(), strict, path + "." + entry.getKey());
            }
        } else if (!strict && isInteger(expected) && isInteger(actual)) {
            assertThat(integer(actual)).as(path).isEqualTo(integer(expected));
        } else {
            assertThat(actual).as(path).isEqualTo(expected); // Double.equals: NaN equals NaN, -0.0 is not 0.0
        }
    }

    private static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }

    private static BigInteger integer(Object value) {
        return value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
    }

    private static Packet generatePacket(FuzzedDataProvider data) {
        String namespace = data.consumeBoolean() ? "/" : "/" + data.consumeString(12);
        PacketType type = data.pickValue(new PacketType[] {PacketType.CONNECT, PacketType.DISCONNECT,
                PacketType.EVENT, PacketType.ACK, PacketType.CONNECT_ERROR});
        long id = Packet.NO_ID;
        if ((type == PacketType.EVENT || type == PacketType.ACK) && data.consumeBoolean()) {
            id = data.consumeLong(0, Long.MAX_VALUE);
        }
        Object payload = switch (type) {
            case CONNECT -> data.consumeBoolean() ? null : map(data, 2);
            case DISCONNECT -> null;
            case EVENT -> {
                List<Object> args = list(data, 3);
                if (data.consumeBoolean()) {
                    args.add(0, data.consumeInt()); // socket.io-msgpack-parser accepts a numeric event name
                } else {
                    String name = data.consumeString(20);
                    args.add(0, RESERVED_EVENTS.contains(name) ? "x" + name : name);
                }
                yield args;
            }
            case ACK -> list(data, 3);
            default -> data.consumeBoolean() ? data.consumeString(40) : map(data, 2);
        };
        return new Packet(type, namespace, id, payload);
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 0 ? 10 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeLong();
            case 3 -> data.consumeInt(-200, 300); // the fixint and 8-bit boundaries
            case 4 -> new BigInteger(1, data.consumeBytes(8)); // up to 2^64 - 1: uint 64
            case 5 -> data.consumeDouble(); // NaN, infinities and -0.0 included
            case 6 -> data.consumeString(40);
            case 7, 8 -> data.consumeBytes(data.consumeInt(0, 300));
            case 9 -> list(data, depth - 1);
            default -> map(data, depth - 1);
        };
    }

    private static List<Object> list(FuzzedDataProvider data, int depth) {
        List<Object> list = new ArrayList<>();
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            list.add(value(data, depth));
        }
        return list;
    }

    private static Map<String, Object> map(FuzzedDataProvider data, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        int n = data.consumeInt(0, 4);
        for (int i = 0; i < n; i++) {
            map.put(data.consumeString(10), value(data, depth));
        }
        return map;
    }
}
