package dev.parley.adapter.redis.wire;

/**
 * The {@code type} of a request or typed response, as {@code RequestType} in {@code @socket.io/redis-adapter}
 * 8.3.0's {@code lib/index.ts} numbers them.
 */
public enum RequestType {
    SOCKETS, ALL_ROOMS, REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT, REMOTE_FETCH, SERVER_SIDE_EMIT, BROADCAST,
    /** Response to {@link #BROADCAST}: how many clients a server sent the packet to (JSON). */
    BROADCAST_CLIENT_COUNT,
    /** Response to {@link #BROADCAST}: one client's acknowledgement (MessagePack). */
    BROADCAST_ACK;

    private static final RequestType[] VALUES = values();

    /** The number on the wire. */
    public int code() {
        return ordinal();
    }

    /** The type numbered {@code code}. */
    public static RequestType of(Object code) throws UnknownTypeException {
        if (code instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0
                && n.intValue() < VALUES.length) {
            return VALUES[n.intValue()];
        }
        throw new UnknownTypeException(code);
    }
}
