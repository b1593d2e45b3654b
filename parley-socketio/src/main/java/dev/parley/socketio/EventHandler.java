package dev.parley.socketio;

/**
 * Handles one event of a socket ({@code socket.on(name, handler)}). May block, unless the server runs handlers
 * on its event loops ({@code HandlerExecution.EVENT_LOOP}).
 */
@FunctionalInterface
public interface EventHandler {
    void onEvent(EventArgs args) throws Exception;
}
