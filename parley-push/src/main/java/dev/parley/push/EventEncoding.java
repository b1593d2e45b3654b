package dev.parley.push;

/**
 * How a transport writes an event (SSE lines, a WebSocket text frame...). Keep one instance per transport: it
 * is the key under which {@link TopicEvent#encoded} remembers the result.
 */
@FunctionalInterface
public interface EventEncoding<T> {
    T encode(TopicEvent event);
}
