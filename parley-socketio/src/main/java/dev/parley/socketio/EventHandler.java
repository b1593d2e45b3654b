package dev.parley.socketio;

/** Handles one event of a socket ({@code socket.on(name, handler)}); may block (it runs off the event loop). */
@FunctionalInterface
public interface EventHandler {
    void onEvent(EventArgs args) throws Exception;
}
