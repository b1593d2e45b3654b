package dev.parley.push.internal;

/**
 * A publish request refused: the HTTP status, a stable machine-readable code, a sentence for people, and for
 * a refused item of a batch its index (else -1). Answered as {@code {"error", "message", "index"?}}.
 */
public final class PublishRefusal extends RuntimeException {
    private final int status;
    private final String code;
    private final int index;

    public PublishRefusal(int status, String code, String message) {
        this(status, code, message, -1);
    }

    public PublishRefusal(int status, String code, String message, int index) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.index = index;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public int index() {
        return index;
    }
}
