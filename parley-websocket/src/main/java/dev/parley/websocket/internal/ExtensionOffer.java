package dev.parley.websocket.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): a name and its parameters,
 * in order, with values unquoted (null for a parameter without a value).
 */
public record ExtensionOffer(String name, List<Map.Entry<String, String>> parameters) {

    /**
     * Parses every extension of the given header values, in order. Returns null for syntax that RFC 6455
     * §9.1 does not allow, such as an unterminated quoted string or an empty name.
     */
    public static List<ExtensionOffer> parse(List<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : split(value, ',')) {
                if (element == null) {
                    return null;
                }
                if (element.isBlank()) {
                    continue;
                }
                ExtensionOffer offer = parseElement(element);
                if (offer == null) {
                    return null;
                }
                offers.add(offer);
            }
        }
        return offers;
    }

    private static ExtensionOffer parseElement(String element) {
        List<String> parts = split(element, ';');
        String name = parts.get(0) == null ? "" : parts.get(0).trim();
        if (!isToken(name)) {
            return null;
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            if (part == null) {
                return null;
            }
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim();
            String value = eq < 0 ? null : unquote(part.substring(eq + 1).trim());
            if (!isToken(key) || (eq >= 0 && value == null)) {
                return null;
            }
            parameters.add(new java.util.AbstractMap.SimpleImmutableEntry<>(key, value));
        }
        return new ExtensionOffer(name, List.copyOf(parameters));
    }

    /** Splits on a separator outside quoted strings; a null element marks an unterminated quote. */
    private static List<String> split(String value, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                current.append(c);
                c = value.charAt(++i);
            } else if (c == separator && !quoted) {
                out.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        out.add(quoted ? null : current.toString());
        return out;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            String inner = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
            return isToken(inner) ? inner : null; // RFC 6455 §9.1: the unquoted value must be a token
        }
        return isToken(value) ? value : null;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
