package dev.parley.websocket.internal;

/**
 * The permessage-deflate parameters agreed in a handshake (RFC 7692 §7.1).
 *
 * @param serverNoContextTakeover we compress each message with a fresh context, so our zlib state can be
 *     freed between messages and broadcast frames compressed once can be shared
 * @param clientNoContextTakeover the client compresses each message with a fresh context, so our
 *     inflater can be freed between messages
 * @param serverMaxWindowBits the largest LZ77 window our compressed messages may refer back to, 8-15
 *     (15 when the client did not limit it)
 * @param responseHeader the {@code Sec-WebSocket-Extensions} value that accepts the offer
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, String responseHeader) {
    static final int MAX_WINDOW_BITS = 15;

    /**
     * Whether our messages must be compressed without back-references. {@code java.util.zip.Deflater}
     * always uses a 32 KB window and cannot be told a smaller one; a stream of Huffman-coded literals
     * refers to no earlier byte at all, so it is valid for every window size a client may ask for.
     */
    public boolean literalsOnly() {
        return serverMaxWindowBits < MAX_WINDOW_BITS;
    }
}
