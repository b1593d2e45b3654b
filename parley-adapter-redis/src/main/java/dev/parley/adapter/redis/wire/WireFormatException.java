package dev.parley.adapter.redis.wire;

/**
 * A Redis message that does not have the shape the classic protocol of {@code @socket.io/redis-adapter} gives
 * it: bad MessagePack or JSON, a truncated payload, a length header the input cannot hold, nesting deeper than
 * the limit, or a field of the wrong type. Node's adapter drops such a message ({@code "ignoring malformed
 * request"}); so should the caller.
 */
public class WireFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
