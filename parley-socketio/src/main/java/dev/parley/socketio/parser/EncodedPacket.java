package dev.parley.socketio.parser;

import java.util.List;

/**
 * A packet as it goes on the wire: one Engine.IO text message, followed by one Engine.IO binary message
 * per attachment. Immutable and shareable: a broadcast is encoded once and sent as is to every target.
 */
public record EncodedPacket(String text, List<byte[]> attachments) {
    public EncodedPacket {
        attachments = List.copyOf(attachments);
    }
}
