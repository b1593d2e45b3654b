package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Fuzzes {@link EnginePacketCodec}: generated packets round-trip through a polling payload; arbitrary
 * payloads (strings, and bytes read as UTF-8 as {@code EngineRequests} reads a POST body) and WebSocket
 * text records either fail with {@link EngineParseException} or decode to packets that encode back to
 * the same text. The one allowed difference: base64 that Java's decoder accepts without being canonical
 * (missing padding, non-zero spare bits) encodes back in canonical form, which decodes to the same
 * packets. Any other exception fails the test. See docs/fuzzing.md.
 */
class EnginePacketCodecFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void generatedPayloadsRoundTrip(FuzzedDataProvider data) throws EngineParseException {
        List<EnginePacket> packets = new ArrayList<>();
        int count = data.consumeInt(1, 8);
        for (int i = 0; i < count; i++) {
            if (data.consumeInt(0, 3) == 0) {
                packets.add(EnginePacket.message(data.consumeBytes(data.consumeInt(0, 100))));
            } else {
                String text = data.consumeString(100).replace(EnginePacketCodec.RECORD_SEPARATOR, ' ');
                packets.add(EnginePacket.of(data.consumeInt(EnginePacket.OPEN, EnginePacket.NOOP), text));
            }
        }
        String payload = EnginePacketCodec.encodePayload(packets);
        assertThat(EnginePacketCodec.decodePayload(payload)).isEqualTo(packets);
        for (EnginePacket p : packets) {
            if (!p.isBinary()) {
                assertThat(EnginePacketCodec.decodeText(EnginePacketCodec.encodeText(p))).isEqualTo(p);
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void arbitraryPayloads(FuzzedDataProvider data) {
        String payload = data.consumeBoolean() ? data.consumeRemainingAsString()
                : new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        List<EnginePacket> packets;
        try {
            packets = EnginePacketCodec.decodePayload(payload);
        } catch (EngineParseException e) {
            return;
        }
        assertReencodes(payload, packets);
    }

    @FuzzTest(maxDuration = "5m")
    void arbitraryWebSocketRecords(FuzzedDataProvider data) {
        String record = data.consumeRemainingAsString();
        EnginePacket packet;
        try {
            packet = EnginePacketCodec.decodeRecord(record);
        } catch (EngineParseException e) {
            return;
        }
        assertReencodes(record, List.of(packet));
        if (!packet.isBinary()) {
            assertThat(EnginePacketCodec.encodeText(packet)).isEqualTo(record);
        }
    }

    private static void assertReencodes(String input, List<EnginePacket> packets) {
        String encoded = EnginePacketCodec.encodePayload(packets);
        if (encoded.equals(input)) {
            return;
        }
        assertThat(hasNonCanonicalBase64(input)).as("re-encoded %s differs from %s", encoded, input).isTrue();
        try {
            assertThat(EnginePacketCodec.decodePayload(encoded)).isEqualTo(packets);
        } catch (EngineParseException e) {
            throw new AssertionError("the encoder's own output does not decode: " + encoded, e);
        }
    }

    private static boolean hasNonCanonicalBase64(String payload) {
        for (String record : payload.split(String.valueOf(EnginePacketCodec.RECORD_SEPARATOR), -1)) {
            if (record.startsWith("b")) {
                String base64 = record.substring(1);
                String canonical = Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64));
                if (!canonical.equals(base64)) {
                    return true;
                }
            }
        }
        return false;
    }
}
