package dev.parley.chat.internal;

import java.util.Map;

/** Lenient access to an event's object argument: missing or mistyped fields read as null. */
public record Payload(Map<?, ?> fields) {
    public static Payload of(Object arg) {
        return new Payload(arg instanceof Map<?, ?> map ? map : Map.of());
    }

    public String string(String name) {
        Object v = fields.get(name);
        return v instanceof String s ? s : null;
    }

    public long number(String name, long fallback) {
        Object v = fields.get(name);
        return v instanceof Number n ? n.longValue() : fallback;
    }
}
