package dev.parley.push;

/**
 * A publication refused, with a stable machine-readable reason ({@code invalid_topic}, {@code invalid_data},
 * {@code data_too_large}, {@code too_many_topics}) and a message for people.
 */
public final class PushException extends RuntimeException {
    private final String reason;

    public PushException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
