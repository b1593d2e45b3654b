package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden vectors from the Engine.IO v4 protocol document ("Packet encoding", "Payload encoding"). */
class EnginePacketCodecTest {
    // Engine.IO protocol v4, "Packet encoding": a message packet, a ping probe, a binary message over polling.
    private static final String MESSAGE = "4hello";
    private static final String PING_PROBE = "2probe";
    private static final String BINARY_OVER_POLLING = "bAQIDBA==";
    // "Payload encoding": packets joined by the record separator.
    private static final String PAYLOAD = "4hello\u001e2\u001ebAQIDBA==";

    @Test
    void encodesPacketsAndPayloads() {
        assertThat(EnginePacketCodec.encodeText(EnginePacket.message("hello"))).isEqualTo(MESSAGE);
        assertThat(EnginePacketCodec.encodeText(EnginePacket.of(EnginePacket.PING, "probe"))).isEqualTo(PING_PROBE);
        assertThat(EnginePacketCodec.encodePayload(List.of(EnginePacket.message(new byte[] {1, 2, 3, 4}))))
                .isEqualTo(BINARY_OVER_POLLING);
        assertThat(EnginePacketCodec.encodePayload(List.of(EnginePacket.message("hello"), EnginePacket.PING_PACKET,
                EnginePacket.message(new byte[] {1, 2, 3, 4})))).isEqualTo(PAYLOAD);
    }

    @Test
    void decodesPacketsAndPayloads() throws Exception {
        assertThat(EnginePacketCodec.decodeText(MESSAGE)).isEqualTo(EnginePacket.message("hello"));
        assertThat(EnginePacketCodec.decodeText(PING_PROBE)).isEqualTo(EnginePacket.of(EnginePacket.PING, "probe"));
        assertThat(EnginePacketCodec.decodePayload(PAYLOAD)).containsExactly(EnginePacket.message("hello"),
                EnginePacket.PING_PACKET, EnginePacket.message(new byte[] {1, 2, 3, 4}));
        // An empty message is legal; so is a message whose text contains other digits.
        assertThat(EnginePacketCodec.decodeText("4")).isEqualTo(EnginePacket.message(""));
        assertThat(EnginePacketCodec.decodePayload("4\u001e46")).containsExactly(EnginePacket.message(""),
                EnginePacket.message("6"));
    }

    @Test
    void binaryRoundTripsAtEverySizeAroundBase64Padding() throws Exception {
        for (int size = 0; size < 8; size++) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 37 - 100);
            }
            String wire = EnginePacketCodec.encodePayload(List.of(EnginePacket.message(data)));
            assertThat(EnginePacketCodec.decodePayload(wire)).containsExactly(EnginePacket.message(data));
        }
    }

    @Test
    void rejectsWhatIsNotAPacket() {
        for (String bad : new String[] {"", "abc", "7", "9x", "\u001e4a", "4a\u001e", "b!!notbase64"}) {
            assertThatThrownBy(() -> EnginePacketCodec.decodePayload(bad)).as(bad).isInstanceOf(EngineParseException.class);
        }
    }
}
