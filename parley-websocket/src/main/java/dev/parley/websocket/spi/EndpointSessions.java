package dev.parley.websocket.spi;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.internal.EndpointAccess;

/**
 * The session registry of a {@link WebSocketEndpoint}, for a layer that builds an endpoint for itself
 * (Engine.IO's WebSocket transport) and keeps a registry of its own.
 *
 * <p>SPI between Parley's modules, used by {@code parley-engineio}; not for applications.
 */
public final class EndpointSessions {
    private EndpointSessions() {
    }

    /**
     * Stops registering the endpoint's sessions, which would otherwise cost a map entry (32 bytes) per
     * connection for a registry never asked. Call before the endpoint is mounted; its {@code sessions()},
     * {@code sessionCount()} and broadcasts then see no session.
     */
    public static void untrack(WebSocketEndpoint endpoint) {
        EndpointAccess.group(endpoint).untrack();
    }
}
