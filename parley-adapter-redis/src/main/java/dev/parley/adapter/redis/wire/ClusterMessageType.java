package dev.parley.adapter.redis.wire;

/**
 * The {@code type} of a message of socket.io-adapter's {@code ClusterAdapter} (2.5.x, {@code MessageType} in
 * {@code cluster-adapter.ts}), the model {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3.0
 * speaks. The heartbeat types (1, 2, 13) belong to {@code ClusterAdapterWithHeartbeat}, which the sharded
 * adapter does not use: they decode but are ignored.
 */
public enum ClusterMessageType {
    INITIAL_HEARTBEAT(1), HEARTBEAT(2), BROADCAST(3), SOCKETS_JOIN(4), SOCKETS_LEAVE(5), DISCONNECT_SOCKETS(6),
    FETCH_SOCKETS(7), FETCH_SOCKETS_RESPONSE(8), SERVER_SIDE_EMIT(9), SERVER_SIDE_EMIT_RESPONSE(10),
    BROADCAST_CLIENT_COUNT(11), BROADCAST_ACK(12), ADAPTER_CLOSE(13);

    private final int code;

    ClusterMessageType(int code) {
        this.code = code;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** Whether the sharded adapter's {@code encode()} looks for binary in it (then MessagePack, else JSON). */
    boolean mayContainBinary() {
        return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE
                || this == SERVER_SIDE_EMIT || this == SERVER_SIDE_EMIT_RESPONSE;
    }

    /** Whether it answers a request (it goes to the requester's own channel). */
    public boolean isResponse() {
        return this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT_RESPONSE || this == BROADCAST_CLIENT_COUNT
                || this == BROADCAST_ACK;
    }

    /** The type numbered {@code code}. */
    public static ClusterMessageType of(Object code) throws UnknownTypeException {
        if (code instanceof Integer n) {
            for (ClusterMessageType type : values()) {
                if (type.code == n) {
                    return type;
                }
            }
        }
        throw new UnknownTypeException(code);
    }
}
