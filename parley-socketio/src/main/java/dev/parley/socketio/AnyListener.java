package dev.parley.socketio;

import java.util.List;

/** Sees every event of a socket, incoming ({@code onAny}) or outgoing ({@code onAnyOutgoing}). */
@FunctionalInterface
public interface AnyListener {
    void onEvent(String event, List<Object> args);
}
