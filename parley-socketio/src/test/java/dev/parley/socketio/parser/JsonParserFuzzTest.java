package dev.parley.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes {@link JsonParser} (socket.io-parser's format): generated valid packets, binary attachments
 * included, survive encode -> decode -> encode unchanged; arbitrary text and binary messages either fail
 * with {@link SocketIoParseException} or decode to packets whose encoding is a fixed point (decoding it
 * gives a packet that encodes the same). Any other exception fails the test. See docs/fuzzing.md.
 */
class JsonParserFuzzTest {
    private static final JsonParser PARSER = new JsonParser(new ObjectMapper());
    // A feature changed that does not touch plain JSON: this parser goes through Jackson's tree for everything.
    private static final JsonParser THROUGH_JACKSON = new JsonParser(new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    @FuzzTest(maxDuration = "5m")
    void generatedPacketsRoundTrip(FuzzedDataProvider data) throws SocketIoParseException {
        Packet packet = generatePacket(data);
        EncodedPacket encoded = PARSER.encode(packet);
        if (encoded.attachments().size() > JsonParser.DEFAULT_MAX_ATTACHMENTS) {
            assertThatThrownBy(() -> decodeAll(encoded)).isInstanceOf(SocketIoParseException.class)
                    .hasMessageContaining("too many attachments");
            return;
        }
        Packet decoded = decodeAll(encoded);
        assertThat(decoded).as("decoded %s", encoded.text()).isNotNull();
        assertThat(decoded.namespace()).isEqualTo(packet.namespace());
        assertThat(decoded.id()).isEqualTo(packet.id());
        assertSameEncoding(PARSER.encode(decoded), encoded);
    }

    @FuzzTest(maxDuration = "5m")
    void arbitraryMessages(FuzzedDataProvider data) {
        SocketIoParser.Decoder decoder = PARSER.newDecoder();
        int messages = data.consumeInt(1, 4);
        try {
            for (int i = 0; i < messages; i++) {
                Packet packet = data.consumeBoolean()
                        ? decoder.decode(data.consumeBoolean() ? data.consumeString(200)
                                : new String(data.consumeBytes(data.consumeInt(0, 200)), StandardCharsets.UTF_8))
                        : decoder.decode(data.consumeBytes(data.consumeInt(0, 50)));
                if (packet != null) {
                    assertFixedPoint(packet);
                }
            }
        } catch (SocketIoParseException expected) {
            // the parser's own error: the connection closes with "parse error"
        }
    }

    /**
     * The parser's own JSON reader and writer (used with Jackson's default features) against Jackson's tree
     * (used otherwise): the same text for generated packets, and for arbitrary text the same packet or the
     * same refusal.
     */
    @FuzzTest(maxDuration = "5m")
    void directJsonAgreesWithJackson(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            Packet packet = generatePacket(data);
            assertSameEncoding(PARSER.encode(packet), THROUGH_JACKSON.encode(packet));
            return;
        }
        // 200 characters, as in arbitraryMessages: deep enough nesting for every rule, too shallow to exhaust
        // the stack of a thread running instrumented code (JsonParserTest checks the nesting limit itself).
        String text = data.consumeBoolean() ? data.consumeString(200)
                : new String(data.consumeBytes(200), StandardCharsets.UTF_8);
        Object direct = decodeOrError(PARSER, text);
        Object jackson = decodeOrError(THROUGH_JACKSON, text);
        assertThat(direct).as("decoding %s", text).isEqualTo(jackson);
    }

    private static Object decodeOrError(JsonParser parser, String text) {
        try {
            Packet packet = parser.newDecoder().decode(text);
            return packet == null ? "awaits attachments" : packet;
        } catch (SocketIoParseException e) {
            return "refused";
        }
    }

    private static void assertFixedPoint(Packet packet) throws SocketIoParseException {
        EncodedPacket once = PARSER.encode(packet);
        Packet again = decodeAll(once);
        assertThat(again).as("decoding the encoder's output %s", once.text()).isNotNull();
        assertSameEncoding(PARSER.encode(again), once);
    }

    private static Packet decodeAll(EncodedPacket encoded) throws SocketIoParseException {
        SocketIoParser.Decoder decoder = PARSER.newDecoder();
        Packet packet = decoder.decode(encoded.text());
        for (byte[] attachment : encoded.attachments()) {
            assertThat(packet).as("packet before its last attachment").isNull();
            packet = decoder.decode(attachment);
        }
        return packet;
    }

    private static void assertSameEncoding(EncodedPacket actual, EncodedPacket expected) {
        assertThat(actual.text()).isEqualTo(expected.text());
        assertThat(actual.attachments()).hasSameSizeAs(expected.attachments());
        for (int i = 0; i < expected.attachments().size(); i++) {
            assertThat(actual.attachments().get(i)).isEqualTo(expected.attachments().get(i));
        }
    }

    private static Packet generatePacket(FuzzedDataProvider data) {
        String namespace = data.consumeBoolean() ? "/" : "/" + data.consumeString(12).replace(",", "");
        PacketType type = data.pickValue(new PacketType[] {PacketType.CONNECT, PacketType.DISCONNECT,
                PacketType.EVENT, PacketType.ACK, PacketType.CONNECT_ERROR});
        long id = Packet.NO_ID;
        if ((type == PacketType.EVENT || type == PacketType.ACK) && data.consumeBoolean()) {
            id = data.consumeLong(0, 999_999_999_999_999L);
        }
        Object payload = switch (type) {
            case CONNECT -> data.consumeBoolean() ? null : map(data, 2);
            case DISCONNECT -> null;
            case EVENT -> {
                List<Object> args = list(data, 3);
                String name = data.consumeString(20);
                args.add(0, RESERVED_EVENTS.contains(name) ? "x" + name : name);
                yield args;
            }
            case ACK -> list(data, 3);
            default -> data.consumeBoolean() ? data.consumeString(40) : map(data, 2);
        };
        return new Packet(type, namespace, id, payload);
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeLong();
            case 3 -> data.consumeRegularDouble();
            case 4 -> data.consumeString(30);
            case 5, 6 -> data.consumeBytes(data.consumeInt(0, 64));
            case 7 -> list(data, depth - 1);
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
            // an application object shaped like a placeholder is ambiguous in socket.io-parser's format
            String key = data.consumeString(10);
            key = key.equals("_placeholder") ? "placeholder" : key;
            map.put(key, value(data, depth));
        }
        return map;
    }
}
