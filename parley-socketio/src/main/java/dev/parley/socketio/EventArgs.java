package dev.parley.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The arguments of a received event, as plain Java values (Map, List, String, Number, Boolean, null,
 * {@code byte[]} for binaries), with typed access through Jackson, and the ack callback if the client
 * asked for one.
 */
public final class EventArgs {
    private final SocketIoSocket socket;
    private final String event;
    private final List<Object> args;
    private final ObjectMapper mapper;
    private final Consumer<List<Object>> ack;
    private final AtomicBoolean acked = new AtomicBoolean();

    EventArgs(SocketIoSocket socket, String event, List<Object> args, ObjectMapper mapper, Consumer<List<Object>> ack) {
        this.socket = socket;
        this.event = event;
        this.args = Collections.unmodifiableList(args);
        this.mapper = mapper;
        this.ack = ack;
    }

    public SocketIoSocket socket() {
        return socket;
    }

    public String event() {
        return event;
    }

    public int size() {
        return args.size();
    }

    /** All arguments, unmodifiable. */
    public List<Object> all() {
        return args;
    }

    /** Argument {@code i} as received, or null if there are fewer. */
    public Object get(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** Argument {@code i} converted to {@code type} (a record, a POJO, a collection...), or null if absent. */
    public <T> T get(int i, Class<T> type) {
        Object value = get(i);
        return value == null ? null : mapper.convertValue(value, type);
    }

    public String getString(int i) {
        Object value = get(i);
        return value == null ? null : value.toString();
    }

    /** Whether the client expects an acknowledgement. */
    public boolean hasAck() {
        return ack != null;
    }

    /** Acknowledges the event with these arguments; only the first call counts. */
    public void ack(Object... response) {
        if (ack != null && acked.compareAndSet(false, true)) {
            ack.accept(java.util.Arrays.asList(response.clone()));
        }
    }
}
