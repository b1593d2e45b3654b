package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * The protocol spoken over one WebSocket: its handshake after the upgrade, its requests, and which
 * received messages are replies. Created per connection; used only on the channel's event loop.
 */
interface ProtocolSession {
    /** The WebSocket is open. */
    void onUpgraded();

    /** A whole text or binary message, valid only during the call. */
    void onMessage(boolean text, ByteBuf payload);

    /**
     * Writes one request stamped {@code stampNanos}. Echo sessions ignore the stamp (the connection keeps it
     * and matches replies in order); a broadcast publisher puts it into the payload, for its subscribers.
     */
    void writeRequest(long stampNanos);

    /** Creates the session of one connection. */
    interface Factory {
        ProtocolSession create(SessionContext context);
    }
}
