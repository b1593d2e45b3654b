package dev.parley.adapter.redis.wire;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code @socket.io/redis-streams-adapter} 0.3.1 writes a {@link ClusterMessage}: as the fields of a
 * Redis stream entry, and as a pub/sub payload for the messages it does not keep in the stream.
 *
 * <p>Stream entry ({@code RedisStreamsAdapter.encode}): the fields {@code uid}, {@code nsp}, {@code type}
 * (the type's number as a decimal string) and {@code data}, in that order; {@code data} is
 * {@code JSON.stringify(message.data)}, or, when the type may carry binary (BROADCAST, BROADCAST_ACK,
 * FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE) and {@code data} holds a {@code byte[]},
 * the base64 of its MessagePack. A reader takes {@code data} as JSON when it starts with {@code '{'}, else as
 * base64 MessagePack; an entry without {@code data} (heartbeats) has an empty one.
 *
 * <p>Pub/sub payload (ephemeral messages and responses): MessagePack ({@code @msgpack/msgpack}) of the whole
 * message {@code {type, data, uid, nsp}}. Parley writes it with {@link Notepack}, whose bytes are the same for
 * every value Parley sends (they differ only for JS {@code undefined} and Dates, which Parley never writes
 * here), and reads both. Stateless.
 */
public final class StreamEntries {
    private StreamEntries() {
    }

    /** The fields of the stream entry Node writes for this message, in Node's order. */
    public static Map<String, String> toFields(ClusterMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", message.uid());
        fields.put("nsp", message.nsp());
        fields.put("type", Integer.toString(message.type().code()));
        if (message.type().mayContainBinary() && ClusterMessage.hasBinary(message.data())) {
            fields.put("data", Base64.getEncoder().encodeToString(Notepack.encode(message.data())));
        } else {
            fields.put("data", new String(JsJson.stringify(message.data()), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /**
     * Reads a stream entry as {@code RedisStreamsAdapter.decode} does. Fails for a missing {@code uid},
     * {@code nsp} or {@code type}, an unknown type ({@link UnknownTypeException}), or malformed data.
     */
    public static ClusterMessage fromFields(Map<String, String> fields) throws WireFormatException {
        String uid = fields.get("uid");
        String nsp = fields.get("nsp");
        String type = fields.get("type");
        if (uid == null || nsp == null || type == null) {
            throw new WireFormatException("a stream entry needs uid, nsp and type");
        }
        int code;
        try {
            code = Integer.parseInt(type);
        } catch (NumberFormatException e) {
            throw new UnknownTypeException(type);
        }
        String data = fields.get("data");
        Map<String, Object> decoded = Map.of();
        if (data != null && !data.isEmpty()) {
            Object value;
            if (data.startsWith("{")) {
                value = JsJson.parse(data.getBytes(StandardCharsets.UTF_8));
            } else {
                try {
                    value = Notepack.decode(Base64.getDecoder().decode(data));
                } catch (IllegalArgumentException e) {
                    throw new WireFormatException("data is neither JSON nor base64: " + e.getMessage(), e);
                }
            }
            decoded = Shapes.map(value, "data");
        }
        return new ClusterMessage(ClusterMessageType.of(code), decoded, uid, nsp);
    }

    /** The pub/sub payload of an ephemeral message or a response: MessagePack of {@code {type, data, uid, nsp}}. */
    public static byte[] toPayload(ClusterMessage message) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", message.type().code());
        map.put("data", message.data());
        map.put("uid", message.uid());
        map.put("nsp", message.nsp());
        return Notepack.encode(map);
    }

    /** Reads a pub/sub payload ({@code decode(payload)} in Node). */
    public static ClusterMessage fromPayload(byte[] payload) throws WireFormatException {
        return ClusterMessage.decode(payload);
    }
}
