package dev.parley.socketio.parser;

import java.util.List;
import java.util.Map;

/**
 * Puts a binary packet's attachments in place of its placeholders, in the decoded Java values themselves.
 * Only {@code {"_placeholder":true,"num":<number>}} is one (socket.io-parser, reconstructPacket); an object
 * with other values there is the application's data.
 */
final class BinaryPlaceholders {
    private BinaryPlaceholders() {
    }

    /** {@code data} with each placeholder replaced by its attachment (lists and maps are changed in place). */
    static Object resolve(Object data, List<byte[]> attachments) throws SocketIoParseException {
        if (data instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) list;
            for (int i = 0; i < items.size(); i++) {
                items.set(i, resolve(items.get(i), attachments));
            }
        } else if (data instanceof Map<?, ?> map) {
            if (isPlaceholder(map)) {
                return attachment(map.get("num"), attachments);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> entries = (Map<String, Object>) map;
            for (Map.Entry<String, Object> e : entries.entrySet()) {
                e.setValue(resolve(e.getValue(), attachments));
            }
        }
        return data;
    }

    private static boolean isPlaceholder(Map<?, ?> map) {
        return Boolean.TRUE.equals(map.get("_placeholder")) && map.get("num") instanceof Number;
    }

    private static byte[] attachment(Object num, List<byte[]> attachments) throws SocketIoParseException {
        // Jackson's rule, as before: an integral number that fits an int (1.0 is not one).
        int index = num instanceof Integer i ? i : num instanceof Long l && l == (int) (long) l ? (int) (long) l : -1;
        if (index < 0 || index >= attachments.size()) {
            throw new SocketIoParseException("placeholder " + index + " without its attachment");
        }
        return attachments.get(index);
    }
}
