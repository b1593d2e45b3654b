package dev.parley.socketio.parser;

/**
 * Turns packets into Engine.IO messages and back. The default is {@link JsonParser} (socket.io-parser's
 * format); another parser (e.g. MessagePack) must be used by the clients too.
 */
public interface SocketIoParser {
    /** Encodes a packet; pure and thread-safe. */
    EncodedPacket encode(Packet packet);

    /** A decoder for one connection: it keeps the state of a binary packet awaiting its attachments. */
    Decoder newDecoder();

    /** Stateful, used by one connection at a time. */
    interface Decoder {
        /** A text message; returns the packet, or null if it awaits binary attachments. */
        Packet decode(String text) throws SocketIoParseException;

        /** A binary message (an attachment); returns the packet once its last attachment arrived. */
        Packet decode(byte[] binary) throws SocketIoParseException;
    }
}
