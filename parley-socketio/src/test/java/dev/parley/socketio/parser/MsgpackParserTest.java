package dev.parley.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * socket.io-msgpack-parser's format. The vectors are what npm {@code notepack.io} 2.2.0 (the encoder of
 * socket.io-msgpack-parser 3.0.2) produces for the packets named, e.g. {@code encode({type: 0, data:
 * undefined, nsp: '/'})}; the server's own encodings must be byte-identical to notepack's.
 */
class MsgpackParserTest {
    private static final HexFormat HEX = HexFormat.of();
    // Client packets, as socket.io-client builds them (with its "options", and undefined auth).
    private static final String CONNECT_UNDEFINED = "83a47479706500a464617461d40000a36e7370a12f";
    private static final String CONNECT_AUTH = "83a47479706500a46461746181a5746f6b656ea3616263a36e7370a62f61646d696e";
    private static final String EVENT_BINARY_ACK = "85a47479706502a46461746193a675706c6f6164c40301020381a16ecb3ff8000000"
            + "000000a76f7074696f6e7381a8636f6d7072657373c3a2696407a36e7370a12f";
    // A browser's ArrayBuffer (ext 8 type 0), undefined in an array, a Date (fixext 8 type 0).
    private static final String EVENT_ARRAY_BUFFER = "83a47479706502a46461746194a26162c702000908d40000d7000000018bcfe56800"
            + "a36e7370a12f";
    // Server packets.
    private static final String SERVER_EVENT = "83a47479706502a46461746194a568656c6c6fa5776f726c6401c401ffa36e7370a12f";
    private static final String SERVER_CONNECT = "83a47479706500a46461746181a3736964a3616263a36e7370a12f";
    private static final String SERVER_DISCONNECT = "82a47479706501a36e7370a52f63686174";
    private static final String SERVER_ACK = "84a47479706503a46461746192c3c0a36e7370a12fa26964cd012c";

    private final MsgpackParser parser = new MsgpackParser();

    private Packet decode(String hex) throws SocketIoParseException {
        return parser.newDecoder().decode(HEX.parseHex(hex));
    }

    private String encode(Packet packet) {
        EncodedPacket encoded = parser.encode(packet);
        assertThat(encoded.text()).isNull();
        assertThat(encoded.attachments()).hasSize(1);
        return HEX.formatHex(encoded.attachments().get(0));
    }

    @Test
    void decodesTheOfficialClientsPackets() throws Exception {
        assertThat(decode(CONNECT_UNDEFINED)).isEqualTo(new Packet(PacketType.CONNECT, "/", Packet.NO_ID, null));
        assertThat(decode(CONNECT_AUTH)).isEqualTo(new Packet(PacketType.CONNECT, "/admin", Packet.NO_ID, Map.of("token", "abc")));
        Packet event = decode(EVENT_BINARY_ACK);
        assertThat(event.type()).isEqualTo(PacketType.EVENT);
        assertThat(event.id()).isEqualTo(7);
        List<?> data = (List<?>) event.data();
        assertThat(data.get(0)).isEqualTo("upload");
        assertThat((byte[]) data.get(1)).containsExactly(1, 2, 3);
        assertThat(data.get(2)).isEqualTo(Map.of("n", 1.5));
        List<?> browser = (List<?>) decode(EVENT_ARRAY_BUFFER).data();
        assertThat((byte[]) browser.get(1)).containsExactly(9, 8);
        assertThat(browser.get(2)).isNull();
        assertThat(browser.get(3)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void encodesAsNotepackDoes() {
        assertThat(encode(Packet.event("/", List.of("hello", "world", 1, new byte[] {(byte) 255}), Packet.NO_ID)))
                .isEqualTo(SERVER_EVENT);
        assertThat(encode(new Packet(PacketType.CONNECT, "/", Packet.NO_ID, Map.of("sid", "abc")))).isEqualTo(SERVER_CONNECT);
        assertThat(encode(new Packet(PacketType.DISCONNECT, "/chat", Packet.NO_ID, null))).isEqualTo(SERVER_DISCONNECT);
        assertThat(encode(Packet.ack("/", Arrays.asList(true, null), 300))).isEqualTo(SERVER_ACK);
        // A binary type from the JSON world is a plain EVENT here.
        assertThat(encode(new Packet(PacketType.BINARY_EVENT, "/", Packet.NO_ID, List.of("hello", "world", 1,
                new byte[] {(byte) 255})))).isEqualTo(SERVER_EVENT);
    }

    /**
     * Found by MsgpackParserFuzzTest: a notepack Date (fixext 8 type 0) whose epoch milliseconds fit an int
     * came out as a Long, the same number sent back as an Integer; decode(encode(p)) differed from p.
     */
    @Test
    void aDateIsAnIntegerAsAnyNumberWhenItFits() throws Exception {
        // {type: 2, data: ["ab", <ext 8, type 9: 09 08>, undefined, new Date(686123008)], nsp: "/"}
        Packet packet = decode("83a47479706502a46461746194a26162c702090908d400ffd7000000000028e56800a36e7370a12f");
        List<?> data = (List<?>) packet.data();
        assertThat(data.get(3)).isEqualTo(686_123_008);
        assertThat(((List<?>) decode(encode(packet)).data()).get(3)).isEqualTo(686_123_008);
        assertThat(((List<?>) decode("83a47479706502a46461746192a164d7000000018bcfe56800a36e7370a12f").data()).get(1))
                .isEqualTo(1_700_000_000_000L);
    }

    @Test
    void roundTripsAnEventWithNestedBinary() throws Exception {
        byte[] blob = new byte[70_000];
        new Random(7).nextBytes(blob);
        Packet sent = Packet.event("/x", List.of("file", Map.of("name", "a.bin", "body", blob), 3_000_000_000L), 12);
        Packet back = parser.newDecoder().decode(parser.encode(sent).attachments().get(0));
        assertThat(back.id()).isEqualTo(12);
        List<?> data = (List<?>) back.data();
        assertThat((byte[]) ((Map<?, ?>) data.get(1)).get("body")).isEqualTo(blob);
        assertThat(data.get(2)).isEqualTo(3_000_000_000L);
    }

    @Test
    void everyTruncationOfAValidPacketIsAParseError() {
        byte[] whole = HEX.parseHex(EVENT_BINARY_ACK);
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            assertThatThrownBy(() -> parser.newDecoder().decode(cut)).as("first %d bytes", n)
                    .isInstanceOf(SocketIoParseException.class);
        }
    }

    @Test
    void declaredLengthsBeyondTheMessageAreRefusedBeforeAllocating() {
        String prefix = "83a47479706502a36e7370a12fa464617461"; // {type: 2, nsp: "/", data: ...
        for (String huge : List.of("dbffffffff", "db7fffffff", "c6ffffffff", "c67fffffff", "dd7fffffff",
                "ddffffffff", "df7fffffff", "c97fffffff00", "dcffff")) {
            assertThatThrownBy(() -> decode(prefix + huge + "00")).as(huge)
                    .isInstanceOf(SocketIoParseException.class);
        }
    }

    @Test
    void nestingIsBounded() {
        String deep = "91".repeat(MsgpackParser.DEFAULT_MAX_DEPTH + 10) + "c0";
        assertThatThrownBy(() -> decode("83a47479706502a36e7370a12fa464617461" + deep))
                .isInstanceOf(SocketIoParseException.class).hasMessageContaining("nesting");
    }

    @Test
    void malformedPacketsAreParseErrors() {
        List<String> bad = List.of(
                "c1", // never used
                "93010203", // not a map
                "82a47479706505a36e7370a12f", // BINARY_EVENT is not a msgpack-parser type
                "82a47479706507a36e7370a12f", // unknown type
                "81a47479706500", // no namespace
                "82a474797065a130a36e7370a12f", // type as a string
                "83a47479706501a36e7370a12fa464617461c0", // DISCONNECT with data
                "83a47479706502a36e7370a12fa46461746191a7636f6e6e656374", // reserved event "connect"
                "83a47479706502a36e7370a12fa46461746190", // empty event
                "84a47479706503a36e7370a12fa46461746190a26964ff", // negative ack id
                "83a47479706502a36e7370a12fa46461746191a1c3", // invalid UTF-8 in the event name
                SERVER_CONNECT + "00"); // trailing bytes
        for (String hex : bad) {
            assertThatThrownBy(() -> decode(hex)).as(hex).isInstanceOf(SocketIoParseException.class);
        }
        assertThatThrownBy(() -> parser.newDecoder().decode("2[\"hi\"]")).isInstanceOf(SocketIoParseException.class);
    }

    @Test
    void randomBytesNeverThrowAnythingButAParseError() {
        Random random = new Random(42);
        byte[] valid = HEX.parseHex(EVENT_BINARY_ACK);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = i % 2 == 0 ? new byte[random.nextInt(64)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(input);
            } else {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            try {
                parser.newDecoder().decode(input);
            } catch (SocketIoParseException expected) {
                // fine: the connection would close with "parse error"
            }
        }
    }
}
