package dev.parley.engineio.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The syntax of Engine.IO v4 packets and HTTP long-polling payloads. Pure functions over strings.
 *
 * <p>Packet: one type digit then data ({@code 4hello}). Over WebSocket a binary message is a binary
 * frame of raw bytes; over polling it is {@code b} followed by base64. A polling payload joins packets
 * with the record separator {@code \x1e} (Engine.IO protocol v4, "Payload encoding").
 */
public final class EnginePacketCodec {
    public static final char RECORD_SEPARATOR = '\u001e';
    private static final char BINARY_PREFIX = 'b';

    private EnginePacketCodec() {
    }

    /** Encodes one text packet as a WebSocket text frame carries it. */
    public static String encodeText(EnginePacket packet) {
        if (packet.isBinary()) {
            throw new IllegalArgumentException("binary packets are sent as binary frames");
        }
        return packet.type() + packet.text();
    }

    /** Encodes packets as one polling payload. */
    public static String encodePayload(List<EnginePacket> packets) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                sb.append(RECORD_SEPARATOR);
            }
            EnginePacket p = packets.get(i);
            if (p.isBinary()) {
                sb.append(BINARY_PREFIX).append(Base64.getEncoder().encodeToString(p.binary()));
            } else {
                sb.append(p.type()).append(p.text());
            }
        }
        return sb.toString();
    }

    /**
     * Bytes one packet takes in a polling payload, UTF-8 encoded, without the separator before it: what the
     * polling buffer counts and what a poll's size is bounded by.
     */
    public static long payloadLength(EnginePacket packet) {
        if (packet.isBinary()) {
            return 1 + 4L * ((packet.binary().length + 2) / 3); // 'b' + base64
        }
        return 1 + utf8Length(packet.text());
    }

    /** The UTF-8 length of a string, without encoding it. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 2; // a pair is 4 bytes; a lone surrogate becomes '?' (1), counted high
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Decodes a text packet (a WebSocket text frame, or one record of a polling payload). */
    public static EnginePacket decodeText(String s) throws EngineParseException {
        if (s.isEmpty()) {
            throw new EngineParseException("empty packet");
        }
        int type = s.charAt(0) - '0';
        if (type < EnginePacket.OPEN || type > EnginePacket.NOOP) {
            throw new EngineParseException("unknown packet type '" + s.charAt(0) + "'");
        }
        return EnginePacket.of(type, s.substring(1));
    }

    /** Decodes a polling request body. */
    public static List<EnginePacket> decodePayload(String payload) throws EngineParseException {
        List<EnginePacket> packets = new ArrayList<>();
        int start = 0;
        while (start <= payload.length()) {
            int end = payload.indexOf(RECORD_SEPARATOR, start);
            if (end < 0) {
                end = payload.length();
            }
            packets.add(decodeRecord(payload.substring(start, end)));
            start = end + 1;
        }
        return packets;
    }

    /** One packet from a text source: a typed packet, or {@code b<base64>} binary (accepted over WebSocket too). */
    public static EnginePacket decodeRecord(String record) throws EngineParseException {
        if (!record.isEmpty() && record.charAt(0) == BINARY_PREFIX) {
            try {
                return EnginePacket.message(Base64.getDecoder().decode(record.substring(1)));
            } catch (IllegalArgumentException e) {
                throw new EngineParseException("invalid base64 in binary packet");
            }
        }
        return decodeText(record);
    }
}
