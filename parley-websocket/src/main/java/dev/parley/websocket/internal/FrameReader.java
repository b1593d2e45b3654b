package dev.parley.websocket.internal;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Parses the wire format of RFC 6455 §5.2 from chunks of any size and streams each frame's payload,
 * unmasked, to a {@link FrameListener}. Syntax only: which frames are allowed is decided by the listener.
 *
 * <p>A header that arrives whole is parsed where it lies; one split across chunks is collected in a 14-byte
 * array made for it (rare: an idle connection keeps no array), so no cumulation buffer is needed; payload
 * bytes are never copied here. Not thread-safe; one reader per connection.
 */
public final class FrameReader {
    private static final int MAX_HEADER_LENGTH = 14;

    private final FrameListener listener;
    /** The bytes of a header split across chunks, while it is; null otherwise. */
    private byte[] header;
    private int headerRead;
    private boolean inPayload;
    private boolean masked;
    private int maskKey;
    private long payloadLength;
    private long payloadRead;
    private boolean stopped;

    public FrameReader(FrameListener listener) {
        this.listener = listener;
    }

    /**
     * Consumes every readable byte of {@code in}, calling the listener for each frame part found. The
     * buffer is unmasked in place and its reader index advanced; the caller keeps ownership.
     *
     * @throws WebSocketProtocolException with 1002 for a malformed length, or whatever the listener throws
     */
    public void read(ByteBuf in) {
        while (in.isReadable() && !stopped) {
            if (inPayload) {
                readPayload(in);
            } else {
                readHeader(in);
            }
        }
    }

    /** Ignores every byte from now on: after a close frame, or once the connection is failed. */
    public void stop() {
        stopped = true;
    }

    /** True between frames, i.e. when no partial frame is buffered. */
    public boolean isAtFrameBoundary() {
        return !inPayload && headerRead == 0;
    }

    private void readHeader(ByteBuf in) {
        if (headerRead == 0 && in.readableBytes() >= 2) {
            int base = in.readerIndex();
            int length = headerLength(in.getByte(base + 1));
            if (in.readableBytes() >= length) {
                in.skipBytes(length);
                parseHeader(in, null, base);
                startPayload();
                return;
            }
        }
        if (header == null) {
            header = new byte[MAX_HEADER_LENGTH];
        }
        int needed = headerRead < 2 ? 2 : headerLength(header[1]);
        int take = Math.min(needed - headerRead, in.readableBytes());
        in.readBytes(header, headerRead, take);
        headerRead += take;
        if (headerRead < 2 || headerRead < headerLength(header[1])) {
            return;
        }
        byte[] complete = header;
        header = null;
        headerRead = 0;
        parseHeader(null, complete, 0);
        startPayload();
    }

    private void startPayload() {
        inPayload = true;
        payloadRead = 0;
        if (payloadLength == 0) {
            endFrame();
        }
    }

    /** The header's length from its second byte: the length field's size and the mask's. */
    private static int headerLength(byte second) {
        int length7 = second & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + ((second & Opcodes.MASK) != 0 ? 4 : 0);
    }

    /** Byte {@code i} of a header that starts at {@code base} of {@code buf}, or in {@code array}. */
    private static int at(ByteBuf buf, byte[] array, int base, int i) {
        return (array != null ? array[base + i] : buf.getByte(base + i)) & 0xFF;
    }

    private void parseHeader(ByteBuf buf, byte[] array, int base) {
        int b0 = at(buf, array, base, 0);
        int b1 = at(buf, array, base, 1);
        masked = (b1 & Opcodes.MASK) != 0;
        int length7 = b1 & 0x7F;
        int pos = 2;
        if (length7 == 126) {
            payloadLength = (at(buf, array, base, 2) << 8) | at(buf, array, base, 3);
            pos = 4;
            // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length.
            if (payloadLength < 126) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "Non-minimal 16-bit payload length");
            }
        } else if (length7 == 127) {
            long length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | at(buf, array, base, i);
            }
            pos = 10;
            // RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0.
            if (length < 0) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "64-bit payload length has its top bit set");
            }
            if (length <= 0xFFFF) {
                throw new WebSocketProtocolException(CloseCodes.PROTOCOL_ERROR, "Non-minimal 64-bit payload length");
            }
            payloadLength = length;
        } else {
            payloadLength = length7;
        }
        if (masked) {
            maskKey = (at(buf, array, base, pos) << 24) | (at(buf, array, base, pos + 1) << 16)
                    | (at(buf, array, base, pos + 2) << 8) | at(buf, array, base, pos + 3);
        }
        listener.onFrameStart((b0 & Opcodes.FIN) != 0, b0 & 0x70, b0 & 0x0F, masked, payloadLength);
    }

    private void readPayload(ByteBuf in) {
        int chunkLength = (int) Math.min(payloadLength - payloadRead, in.readableBytes());
        int start = in.readerIndex();
        if (masked) {
            Masking.apply(in, start, chunkLength, maskKey, payloadRead);
        }
        ByteBuf chunk = in.slice(start, chunkLength);
        in.skipBytes(chunkLength);
        payloadRead += chunkLength;
        listener.onPayload(chunk);
        if (payloadRead == payloadLength) {
            endFrame();
        }
    }

    private void endFrame() {
        inPayload = false;
        listener.onFrameEnd();
    }
}
