package dev.parley.websocket.internal;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses permessage-deflate messages (RFC 7692 §7.2.2) into a buffer, never producing more than
 * the caller's limit: output is inflated in bounded steps and the message fails with 1009 at the first
 * byte past the limit, so a small compressed frame cannot expand into unbounded memory.
 *
 * <p>The zlib state (about 40 KB native memory) is allocated on the first compressed message and, when
 * the client promised not to reuse its context ({@code client_no_context_takeover}), freed after each
 * message. Not thread-safe.
 */
public final class MessageInflater {
    /** RFC 7692 §7.2.2: the tail that the sender removed from each message. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    private static final int STEP = 8192;

    private final boolean resetAfterMessage;
    private Inflater inflater;

    public MessageInflater(boolean clientNoContextTakeover) {
        this.resetAfterMessage = clientNoContextTakeover;
    }

    /**
     * Inflates a chunk of a compressed message, appending the output to {@code out}.
     *
     * @param limit the most bytes {@code out} may hold when this returns
     * @return the writer index of {@code out} before this chunk's output, so a caller can validate it
     * @throws WebSocketProtocolException 1009 past the limit, 1007 for data that is not DEFLATE
     */
    public int inflate(ByteBuf compressed, ByteBuf out, long limit) {
        int start = out.writerIndex();
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        ByteBuffer input = compressed.nioBufferCount() == 1
                ? compressed.nioBuffer()
                : ByteBuffer.wrap(ByteBufUtils.toArray(compressed));
        inflater.setInput(input);
        drain(out, limit);
        return start;
    }

    /** Feeds the removed tail at the end of a message (RFC 7692 §7.2.2) and finishes the message. */
    public int finishMessage(ByteBuf out, long limit) {
        int start = out.writerIndex();
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        if (!inflater.finished()) {
            inflater.setInput(TAIL);
            drain(out, limit);
        }
        if (resetAfterMessage) {
            release();
        } else if (inflater.finished()) {
            // The peer ended the DEFLATE stream with a BFINAL block: the next message starts a new one.
            inflater.reset();
        }
        return start;
    }

    /** Frees the native zlib state; safe to call more than once. */
    public void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private void drain(ByteBuf out, long limit) {
        try {
            while (!inflater.finished()) {
                long room = limit - out.writerIndex();
                // One byte past the limit is enough to know the message is too big.
                int step = (int) Math.min(STEP, room + 1);
                out.ensureWritable(step);
                ByteBuffer target = out.nioBuffer(out.writerIndex(), step);
                int produced = inflater.inflate(target);
                out.writerIndex(out.writerIndex() + produced);
                if (out.writerIndex() > limit) {
                    throw new WebSocketProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                            "Inflated message exceeds " + limit + " bytes");
                }
                if (produced == 0) {
                    break; // needs input (or a dictionary, which RFC 7692 never uses)
                }
            }
        } catch (DataFormatException e) {
            throw new WebSocketProtocolException(CloseCodes.INVALID_PAYLOAD, "Invalid DEFLATE data");
        }
    }
}
