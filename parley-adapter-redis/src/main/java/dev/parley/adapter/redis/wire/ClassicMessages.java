package dev.parley.adapter.redis.wire;

/**
 * The payload rule shared by requests and responses of the classic protocol: Node's adapter reads a message
 * whose first byte is {@code '{'} (0x7b) as JSON and anything else as MessagePack. The message types are
 * {@link BroadcastMessage}, {@link Request} and {@link Response}. Stateless.
 */
public final class ClassicMessages {
    private ClassicMessages() {
    }

    /** The decoded value of a request or response payload: {@code msg[0] === 0x7b ? JSON.parse : decode}. */
    public static Object decodePayload(byte[] bytes) throws WireFormatException {
        if (bytes.length > 0 && bytes[0] == '{') {
            return JsJson.parse(bytes);
        }
        return Notepack.decode(bytes);
    }
}
