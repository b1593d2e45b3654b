package dev.parley.push.internal;

/**
 * A subscriber's request refused, with a stable machine-readable code ({@code invalid_message},
 * {@code unknown_type}, {@code invalid_topic}, {@code forbidden}, {@code too_many_subscriptions},
 * {@code already_subscribed}, {@code too_many_topics}), a message for people, and the topic when the request
 * named a valid one. The connection stays open.
 */
public final class RequestError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String topic;

    public RequestError(String code, String message, String topic) {
        super(message, null, false, false); // an answer to a client, not a failure: no stack trace
        this.code = code;
        this.topic = topic;
    }

    public String code() {
        return code;
    }

    /** The topic of the request, or null. */
    public String topic() {
        return topic;
    }
}
