package dev.parley.socketio;

/**
 * Handles an event other servers of the cluster send with {@code serverSideEmit}
 * ({@code io.on("event", ...)} on a Node server). Runs on the cluster adapter's delivery thread, in the order
 * the events arrived: a handler that blocks delays the remote messages behind it.
 */
@FunctionalInterface
public interface ServerSideHandler {
    void onEvent(ServerSideEvent event) throws Exception;
}
