package dev.parley.websocket.internal;

import dev.parley.websocket.WebSocketEndpoint;
import java.util.function.Function;

/**
 * Gives Parley's internals the session registry of a {@link WebSocketEndpoint} without making it part of
 * the public API (the JDK's "shared secrets" pattern).
 */
public final class EndpointAccess {
    private static volatile Function<WebSocketEndpoint, SessionGroup> groups;

    private EndpointAccess() {
    }

    public static void install(Function<WebSocketEndpoint, SessionGroup> accessor) {
        groups = accessor;
    }

    public static SessionGroup group(WebSocketEndpoint endpoint) {
        if (groups == null) {
            // Loading the class runs its static initializer, which installs the accessor.
            try {
                Class.forName(WebSocketEndpoint.class.getName(), true, WebSocketEndpoint.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return groups.apply(endpoint);
    }
}
