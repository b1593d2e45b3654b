package dev.parley.socketio.adapter;

import dev.parley.engineio.PreparedMessage;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import java.util.List;

/**
 * A packet encoded once for a broadcast: the Socket.IO encoding, and the Engine.IO messages (text, then one
 * per binary attachment) whose WebSocket frames every target shares. Close it after the last write.
 */
public final class OutgoingPacket implements AutoCloseable {
    private final Packet packet;
    private final EncodedPacket encoded;
    private final List<PreparedMessage> messages;

    public OutgoingPacket(Packet packet, EncodedPacket encoded, List<PreparedMessage> messages) {
        this.packet = packet;
        this.encoded = encoded;
        this.messages = List.copyOf(messages);
    }

    public Packet packet() {
        return packet;
    }

    public EncodedPacket encoded() {
        return encoded;
    }

    /** The Engine.IO messages to send, in order. */
    public List<PreparedMessage> messages() {
        return messages;
    }

    @Override
    public void close() {
        messages.forEach(PreparedMessage::close);
    }
}
