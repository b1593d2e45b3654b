package dev.parley.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An event another server of the cluster sent with {@code serverSideEmit}: its arguments as plain Java values,
 * and, when the sender waits for one, the means to answer it. Each server answers once (Node: "only one
 * argument is expected"), so only the first {@link #ack} of all listeners counts.
 */
public final class ServerSideEvent {
    private final String event;
    private final List<Object> args;
    private final ObjectMapper mapper;
    private final Consumer<Object> ack;
    private final AtomicBoolean acked;

    ServerSideEvent(String event, List<Object> args, ObjectMapper mapper, Consumer<Object> ack, AtomicBoolean acked) {
        this.event = event;
        this.args = Collections.unmodifiableList(args);
        this.mapper = mapper;
        this.ack = ack;
        this.acked = acked;
    }

    public String event() {
        return event;
    }

    /** The arguments after the event name, unmodifiable. */
    public List<Object> args() {
        return args;
    }

    /** Argument {@code i}, or null if there are fewer. */
    public Object get(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** Argument {@code i} converted to {@code type}, or null if absent. */
    public <T> T get(int i, Class<T> type) {
        Object value = get(i);
        return value == null ? null : mapper.convertValue(value, type);
    }

    /** Whether the sending server waits for an answer. */
    public boolean hasAck() {
        return ack != null;
    }

    /** Answers the sending server with one value; only the first answer of this server counts. */
    public void ack(Object response) {
        if (ack != null && acked.compareAndSet(false, true)) {
            ack.accept(response);
        }
    }
}
