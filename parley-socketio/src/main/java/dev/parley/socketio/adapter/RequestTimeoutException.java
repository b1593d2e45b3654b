package dev.parley.socketio.adapter;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A request to the servers of a cluster ({@code fetchSockets}, {@code allRooms}) that not all of them
 * answered within the adapter's requests timeout. What the servers that answered said is kept.
 */
public final class RequestTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final transient List<Object> partialResults;

    public RequestTimeoutException(String message, List<?> partialResults) {
        super(message);
        this.partialResults = Collections.unmodifiableList(new java.util.ArrayList<>(partialResults));
    }

    /** What arrived before the timeout: this server's results and those of the servers that answered. */
    public List<Object> partialResults() {
        return partialResults;
    }
}
