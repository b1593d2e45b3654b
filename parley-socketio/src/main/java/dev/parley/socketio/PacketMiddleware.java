package dev.parley.socketio;

import java.util.List;

/**
 * Runs for each incoming event of one socket, before its handlers ({@code socket.use(...)}). Calling
 * {@code next.fail(error)} drops the event and reports the error to the socket's error handlers.
 */
@FunctionalInterface
public interface PacketMiddleware {
    void handle(String event, List<Object> args, Next next);

    /** The continuation; call exactly one method, once, on the calling thread. */
    interface Next {
        void proceed();

        void fail(Exception error);
    }
}
