package dev.parley.socketio;

/**
 * Runs before a socket joins a namespace ({@code namespace.use(...)}): call {@code next.proceed()} to let it
 * in, or {@code next.fail(new ConnectError(...))} to refuse it. May complete later, from any thread.
 */
@FunctionalInterface
public interface Middleware {
    void handle(SocketIoSocket socket, Next next);

    /** The continuation of a middleware chain. Call exactly one method, once. */
    interface Next {
        void proceed();

        void fail(ConnectError error);
    }
}
