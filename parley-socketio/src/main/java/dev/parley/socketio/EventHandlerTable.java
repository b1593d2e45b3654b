package dev.parley.socketio;

import java.util.Arrays;

/**
 * The event handlers of one socket as one immutable array, names and handlers side by side ({@code event,
 * handler, event, handler, ...}, in the order added; an event with several handlers appears once per handler).
 * A socket replaces its table whole on change and reads it without a lock.
 *
 * <p>Why not a map: an idle server holds one socket per client, each with its handful of handlers, and an
 * immutable map of immutable lists cost about 250 bytes for five events against 56 here. A lookup scans the
 * table (names compared by identity first: the parser's event names come from a shared cache), which for the
 * tens of events a socket registers is as fast as hashing.
 */
final class EventHandlerTable {
    static final Object[] EMPTY = new Object[0];

    private EventHandlerTable() {
    }

    /** {@code table} with {@code handler} added after the handlers {@code event} already has. */
    static Object[] with(Object[] table, String event, EventHandler handler) {
        Object[] next = Arrays.copyOf(table, table.length + 2);
        next[table.length] = event;
        next[table.length + 1] = handler;
        return next;
    }

    /** {@code table} without any handler of {@code event}. */
    static Object[] without(Object[] table, String event) {
        int kept = 0;
        Object[] next = new Object[table.length];
        for (int i = 0; i < table.length; i += 2) {
            if (!matches(table[i], event)) {
                next[kept++] = table[i];
                next[kept++] = table[i + 1];
            }
        }
        return kept == 0 ? EMPTY : kept == table.length ? table : Arrays.copyOf(next, kept);
    }

    /**
     * The index of the first handler of {@code event} at or after {@code from} (an even index: 0 to start,
     * the last result + 2 to go on), or -1 when there is none.
     */
    static int next(Object[] table, String event, int from) {
        for (int i = from; i < table.length; i += 2) {
            if (matches(table[i], event)) {
                return i;
            }
        }
        return -1;
    }

    /** The handler whose name is at {@code index}, a result of {@link #next}. */
    static EventHandler handlerAt(Object[] table, int index) {
        return (EventHandler) table[index + 1];
    }

    private static boolean matches(Object name, String event) {
        return name == event || name.equals(event);
    }
}
