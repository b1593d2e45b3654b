package dev.parley.socketio.parser;

import java.util.List;
import java.util.Objects;

/**
 * A Socket.IO packet with its data as plain Java values: {@code List}, {@code Map}, {@code String},
 * numbers, booleans, null, and {@code byte[]} for binary attachments (in any position, nested), or any
 * object Jackson can serialize when sending.
 *
 * @param type the packet type; a packet with binary data is sent as BINARY_EVENT / BINARY_ACK whatever
 *     type it was built with
 * @param namespace the namespace, {@code "/"} for the main one
 * @param id the ack id, or -1 for none
 * @param data CONNECT: the auth object or null; EVENT: [name, args...]; ACK: [args...]; CONNECT_ERROR:
 *     {message, data}; DISCONNECT: null
 */
public record Packet(PacketType type, String namespace, long id, Object data) {
    public static final long NO_ID = -1;

    public Packet {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
    }

    public static Packet event(String namespace, List<Object> nameAndArgs, long id) {
        return new Packet(PacketType.EVENT, namespace, id, nameAndArgs);
    }

    public static Packet ack(String namespace, List<Object> args, long id) {
        return new Packet(PacketType.ACK, namespace, id, args);
    }

    public boolean hasId() {
        return id >= 0;
    }
}
