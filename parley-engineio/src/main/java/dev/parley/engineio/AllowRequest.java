package dev.parley.engineio;

import dev.parley.websocket.HandshakeRequest;

/**
 * Decides whether a handshake may open a session (socket.io's {@code allowRequest}); a refused one gets
 * HTTP 403 {@code {"code":4,"message":"Forbidden"}}. Called on the event loop: must not block.
 */
@FunctionalInterface
public interface AllowRequest {
    boolean allow(HandshakeRequest request);

    static AllowRequest all() {
        return request -> true;
    }
}
