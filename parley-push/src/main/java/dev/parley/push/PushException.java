package dev.parley.push;

/** TEMPORARY test double of the lead's core (push-core-api.md): deleted when main's parley-push lands. */
public final class PushException extends Exception {
    private final String reason;

    public PushException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
