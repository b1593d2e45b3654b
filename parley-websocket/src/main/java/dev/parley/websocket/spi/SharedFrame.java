package dev.parley.websocket.spi;

import dev.parley.websocket.internal.OutboundMessage;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCounted;
import java.nio.ByteBuffer;

/**
 * A data message encoded once (frame header and payload in one buffer) and written to many connections with
 * {@link TransportConnection#sendShared}: how Engine.IO's {@code PreparedMessage} encodes a broadcast once.
 *
 * <p>SPI between Parley's modules, used by {@code parley-engineio}; not for applications, and implemented
 * only by {@code parley-websocket}'s own message class (get one from {@link #text} or {@link #binary}).
 * Reference-counted, hence the Netty types: one reference per target, handed over with each
 * {@code sendShared} and released once that target has written it; the creator releases its own. Safe to
 * share between event loops.
 */
public interface SharedFrame extends ReferenceCounted {
    /** A text message, UTF-8 encoded once, directly behind its frame header. */
    static SharedFrame text(ByteBufAllocator alloc, String text) {
        return OutboundMessage.text(alloc, text);
    }

    /** A binary message; the remaining bytes of {@code data} are copied once, behind the header. */
    static SharedFrame binary(ByteBufAllocator alloc, ByteBuffer data) {
        return OutboundMessage.binary(alloc, data);
    }

    @Override
    SharedFrame retain();
}
