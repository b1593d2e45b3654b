package dev.parley.websocket.internal;

/**
 * The permessage-deflate parameters agreed in a handshake (RFC 7692 §7.1).
 *
 * @param serverNoContextTakeover we compress each message with a fresh context, so our zlib state can be
 *     freed between messages and broadcast frames compressed once can be shared
 * @param clientNoContextTakeover the client compresses each message with a fresh context, so our
 *     inflater can be freed between messages
 * @param responseHeader the {@code Sec-WebSocket-Extensions} value that accepts the offer
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        String responseHeader) {
}
