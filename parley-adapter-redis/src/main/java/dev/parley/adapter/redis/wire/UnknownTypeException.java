package dev.parley.adapter.redis.wire;

/**
 * A well-formed request or response whose {@code type} this protocol version does not know. Node's adapter
 * ignores it ({@code "ignoring unknown request type"}), so a caller ignores it too rather than treat it as an
 * attack; it is a {@link WireFormatException} so that code that does not care need catch only one type.
 */
public final class UnknownTypeException extends WireFormatException {
    private static final long serialVersionUID = 1L;
    private final transient Object type;

    public UnknownTypeException(Object type) {
        super("unknown type " + type);
        this.type = type;
    }

    /** The {@code type} value as decoded (a number, or whatever else the message carried). */
    public Object type() {
        return type;
    }
}
