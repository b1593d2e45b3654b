package dev.parley.push;

import java.util.Objects;

/**
 * One published event: the topic, its id (unique and increasing across all topics of a {@link Topics}), the data
 * as JSON text (validated when published) and when it was published.
 *
 * <p>An event is delivered to every subscriber of every transport, so each transport encodes it once through
 * {@link #encoded} and writes the same bytes to all of them.
 */
public final class TopicEvent {
    private final String topic;
    private final long id;
    private final String data;
    private final long publishedAtMillis;
    // A few transports encode an event; a short array beats a map at that size. Guarded by this.
    private Object[] encodings = new Object[0];

    public TopicEvent(String topic, long id, String data, long publishedAtMillis) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.id = id;
        this.data = Objects.requireNonNull(data, "data");
        this.publishedAtMillis = publishedAtMillis;
    }

    public String topic() {
        return topic;
    }

    public long id() {
        return id;
    }

    /** The data as JSON text, exactly as published (it is well-formed JSON). */
    public String data() {
        return data;
    }

    public long publishedAtMillis() {
        return publishedAtMillis;
    }

    /**
     * This event in the given encoding, computed on first use and then shared: a broadcast is encoded once per
     * transport, not once per subscriber. The encoding instance is the key, so a transport keeps one instance.
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(EventEncoding<T> encoding) {
        for (int i = 0; i < encodings.length; i += 2) {
            if (encodings[i] == encoding) {
                return (T) encodings[i + 1];
            }
        }
        T value = Objects.requireNonNull(encoding.encode(this), "an encoding must not return null");
        Object[] grown = java.util.Arrays.copyOf(encodings, encodings.length + 2);
        grown[encodings.length] = encoding;
        grown[encodings.length + 1] = value;
        encodings = grown;
        return value;
    }

    @Override
    public String toString() {
        return "TopicEvent[" + topic + " #" + id + "]";
    }
}
