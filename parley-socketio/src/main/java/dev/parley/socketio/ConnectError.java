package dev.parley.socketio;

/**
 * Refuses a namespace connection from a middleware: the client receives a CONNECT_ERROR packet with this
 * message and data (its {@code connect_error} event gets an Error with {@code message} and {@code data}).
 */
public final class ConnectError extends RuntimeException {
    private final transient Object data;

    public ConnectError(String message) {
        this(message, null);
    }

    public ConnectError(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    public Object data() {
        return data;
    }
}
