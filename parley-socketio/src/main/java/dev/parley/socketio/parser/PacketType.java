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

    // values() clones its array on every call; a decode looks a type up per packet.
    private static final PacketType[] BY_CODE = values();

    public int code() {
        return ordinal();
    }

    public static PacketType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
