package dev.parley.socketio.parser;

/** Socket.IO v5 packet types (socket.io-protocol v5, "Packet types"), with their wire digits. */
public enum PacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    public int code() {
        return ordinal();
    }

    public static PacketType ofCode(int code) {
        PacketType[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
