package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Raw WebSocket echo: ready as soon as the upgrade is done; each request is one message of the same
 * bytes; each message received is the reply to the oldest request, and must be as long as it.
 */
final class RawEchoSession implements ProtocolSession {
    private final SessionContext context;
    private final byte[] payload;
    private final boolean binary;

    private RawEchoSession(SessionContext context, byte[] payload, boolean binary) {
        this.context = context;
        this.payload = payload;
        this.binary = binary;
    }

    static ProtocolSession.Factory factory(String text, boolean binary) {
        byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
        return context -> new RawEchoSession(context, payload, binary);
    }

    @Override
    public void onUpgraded() {
        context.sessionReady();
    }

    @Override
    public void onMessage(boolean text, ByteBuf message) {
        if (message.readableBytes() == payload.length && text != binary) {
            context.reply();
        } else {
            context.mismatchedReply();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        // A wrapper, not a copy: the frame writer copies and masks the bytes into the frame.
        ByteBuf request = Unpooled.wrappedBuffer(payload);
        if (binary) {
            context.writeBinary(request);
        } else {
            context.writeText(request);
        }
    }
}
