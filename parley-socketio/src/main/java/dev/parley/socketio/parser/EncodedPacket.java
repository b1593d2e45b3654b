package dev.parley.socketio.parser;

import java.util.List;

/**
 * A packet as it goes on the wire: one Engine.IO text message (unless {@code text} is null), followed by one
 * Engine.IO binary message per element of {@code attachments}. socket.io-parser's format is a text message
 * and its binary attachments; the MessagePack format is a single binary message and no text. Immutable and
 * shareable: a broadcast is encoded once and sent as is to every target.
 */
public record EncodedPacket(String text, List<byte[]> attachments) {
    public EncodedPacket {
        attachments = List.copyOf(attachments);
        if (text == null && attachments.isEmpty()) {
            throw new IllegalArgumentException("an encoded packet is at least one message");
        }
    }

    /** A packet that is one binary message (the MessagePack format). */
    public static EncodedPacket binary(byte[] message) {
        return new EncodedPacket(null, List.of(message));
    }

    /** The Engine.IO messages of this packet: the text (if any), then the binary ones. */
    public int messageCount() {
        return (text == null ? 0 : 1) + attachments.size();
    }
}
