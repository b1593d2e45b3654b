package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * What a Socket.IO client does once its namespace is connected: its requests, and what it makes of the
 * server's events and acks. {@link SocketIoSession} does the rest (the Engine.IO open packet, CONNECT, pings,
 * errors), the same for every scenario. Created per connection; used only on the channel's event loop.
 */
interface SocketIoTraffic {
    /** The namespace is connected; call {@link SessionContext#sessionReady()} once requests may flow. */
    void onConnected();

    /** An EVENT packet: the whole Engine.IO message, valid only during the call. */
    void onEvent(ByteBuf packet);

    /** An ACK packet with its id (-1 if it has none); the message is valid only during the call. */
    void onAck(long id, ByteBuf packet);

    /** Writes one request stamped {@code stampNanos}. */
    void writeRequest(long stampNanos);

    /** Creates the traffic of one connection. */
    interface Factory {
        SocketIoTraffic create(SessionContext context);
    }
}
