package dev.parley.adapter.redis.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shape checks of decoded values, each failing with a {@link WireFormatException} that names the field. */
final class Shapes {
    private Shapes() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v, String what) throws WireFormatException {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new WireFormatException(what + " is not an object: " + describe(v));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String what) throws WireFormatException {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new WireFormatException(what + " is not an array: " + describe(v));
    }

    static String string(Object v, String what) throws WireFormatException {
        if (v instanceof String s) {
            return s;
        }
        throw new WireFormatException(what + " is not a string: " + describe(v));
    }

    /**
     * A list of rooms. A JS room may be a number ({@code io.to(123)}), which Node's {@code hasRoom} matches
     * against its string form: numbers become strings here (so re-encoding writes {@code "123"}, not 123).
     */
    static List<String> rooms(Object v, String what) throws WireFormatException {
        if (v == null) {
            return List.of(); // new Set(undefined) is empty
        }
        List<String> rooms = new ArrayList<>();
        for (Object room : list(v, what)) {
            if (room instanceof String s) {
                rooms.add(s);
            } else if (room instanceof Integer || room instanceof Long) {
                rooms.add(room.toString());
            } else if (room instanceof Double d) {
                rooms.add(JsJson.number(d));
            } else {
                throw new WireFormatException(what + " holds a " + describe(room));
            }
        }
        return List.copyOf(rooms);
    }

    static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName();
    }
}
