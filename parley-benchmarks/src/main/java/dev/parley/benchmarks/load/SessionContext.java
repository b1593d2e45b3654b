package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBuf;

/** What a {@link ProtocolSession} may do with its connection. Used only on the channel's event loop. */
interface SessionContext {
    ByteBufAllocator alloc();

    /** Sends one masked text message; takes ownership of {@code payload}. Flushed after the current read. */
    void writeText(ByteBuf payload);

    /** Sends one masked binary message; takes ownership of {@code payload}. */
    void writeBinary(ByteBuf payload);

    /** The protocol's own handshake is done: the connection may carry requests. */
    void sessionReady();

    /** The reply to the oldest outstanding request arrived. */
    void reply();

    /** A reply that does not match its request (wrong ack id, wrong length): counted, then handled as one. */
    void mismatchedReply();

    /**
     * A message that carries its own send stamp (a broadcast delivery) arrived: handed to the reply handler
     * with that stamp, not matched to an outstanding request.
     */
    void delivered(long stampNanos);

    /** A delivery whose payload is not what was published (wrong length, no stamp): counted as mismatched. */
    void malformedDelivery();

    /** A message that is neither a reply nor part of a handshake (the echo app's {@code auth} event). */
    void otherMessage();

    /** An Engine.IO ping was answered. */
    void pingAnswered(long pingIntervalMillis);

    /** Gives up on the connection: before it was ready that is a failure, after it a close, for {@code reason}. */
    void abort(String reason);
}
