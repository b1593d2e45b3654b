package dev.parley.socketio.adapter;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Acks that did not all arrive in time (socket.io's "operation has timed out"): the responses that did
 * arrive are kept, as Node passes them beside the error.
 */
public final class AckTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final transient List<Object> responses;

    public AckTimeoutException(String message, List<Object> responses) {
        super(message);
        // Not List.copyOf: an ack without arguments is a null response.
        this.responses = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(responses));
    }

    /** The responses received before the timeout, in arrival order (null for an ack without arguments). */
    public List<Object> responses() {
        return responses;
    }
}
