package dev.parley.socketio.parser;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259, exactly what {@code JSON.parse} accepts, which socket.io-parser uses) from
 * a region of a string straight to plain Java values, without a token stream or a tree in between: objects
 * are {@code Map<String, Object>} in document order (a {@link CompactJsonObject} up to
 * {@value CompactJsonObject#MAX_DECODED_ENTRIES} entries, a {@code LinkedHashMap} above; a repeated key
 * keeps its first position and its last value), arrays {@code ArrayList}, numbers what Jackson's tree gives
 * ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double}), strings, booleans and null.
 *
 * <p>Bounded: nesting depth and number length are the ObjectMapper's {@code StreamReadConstraints}
 * (Jackson's defaults: 1,000 levels, 1,000 characters); the text itself is bounded by Engine.IO's
 * {@code maxPayload}. Object keys, and the first string of the root array (the event name), come from a
 * {@link StringCache}. One instance per packet read (an idle connection keeps none); it keeps no reference to
 * the text after the call.
 */
final class JsonValueReader {
    private final StringCache strings;
    private final int maxDepth;
    private final int maxNumberLength;
    private String text;
    private int pos;
    private int end;
    private int depth;

    JsonValueReader(StringCache strings, int maxDepth, int maxNumberLength) {
        this.strings = strings;
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    /** The value that fills {@code text} from {@code start} (whitespace around it allowed, nothing else). */
    Object read(String text, int start) throws SocketIoParseException {
        this.text = text;
        this.pos = start;
        this.end = text.length();
        this.depth = 0;
        try {
            skipWhitespace();
            Object value = peek() == '[' ? readArray(true) : readValue();
            skipWhitespace();
            if (pos != end) {
                throw error("text after the value");
            }
            return value;
        } finally {
            this.text = null;
        }
    }

    private Object readValue() throws SocketIoParseException {
        char c = peek();
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray(false);
            case '"':
                return readString(false);
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return readNumber();
                }
                throw error("unexpected character");
        }
    }

    private List<Object> readArray(boolean root) throws SocketIoParseException {
        enter();
        List<Object> list = new ArrayList<>(4);
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            boolean eventName = root && list.isEmpty() && peek() == '"';
            list.add(eventName ? readString(true) : readValue());
            skipWhitespace();
            char c = next();
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                throw error("expected , or ]");
            }
        }
    }

    private Map<String, Object> readObject() throws SocketIoParseException {
        enter();
        Map<String, Object> map = new CompactJsonObject();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a key");
            }
            String key = readString(true);
            skipWhitespace();
            if (next() != ':') {
                throw error("expected :");
            }
            skipWhitespace();
            Object value = readValue();
            if (map instanceof CompactJsonObject small && small.isFull() && !small.containsKey(key)) {
                map = new LinkedHashMap<>(small);
            }
            map.put(key, value);
            skipWhitespace();
            char c = next();
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                throw error("expected , or }");
            }
        }
    }

    private void enter() throws SocketIoParseException {
        pos++;
        if (++depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth);
        }
    }

    private String readString(boolean canonical) throws SocketIoParseException {
        int start = ++pos;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return canonical ? strings.get(text, start, pos - 1) : text.substring(start, pos - 1);
            }
            if (c == '\\') {
                return readEscapedString(start);
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            pos++;
        }
        throw error("unterminated string");
    }

    private String readEscapedString(int start) throws SocketIoParseException {
        StringBuilder out = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (pos < end) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            out.append(c == '\\' ? unescape() : c);
        }
        throw error("unterminated string");
    }

    private char unescape() throws SocketIoParseException {
        char c = next();
        switch (c) {
            case '"', '\\', '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(next(), 16);
                    if (digit < 0) {
                        throw error("bad \\u escape");
                    }
                    code = code << 4 | digit;
                }
                return (char) code;
            default:
                throw error("bad escape");
        }
    }

    private Object readNumber() throws SocketIoParseException {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        char first = peek();
        if (first == '0') {
            pos++;
        } else if (first >= '1' && first <= '9') {
            skipDigits();
        } else {
            throw error("bad number");
        }
        boolean integral = true;
        if (pos < end && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            requireDigits();
        }
        if (pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            requireDigits();
        }
        if (pos - start > maxNumberLength) {
            throw error("number longer than " + maxNumberLength);
        }
        if (!integral) {
            return Double.parseDouble(text.substring(start, pos));
        }
        if (pos - start - (negative ? 1 : 0) <= 18) {
            long value = Long.parseLong(text, start, pos, 10);
            return (int) value == value ? (Object) (int) value : (Object) value;
        }
        BigInteger big = new BigInteger(text.substring(start, pos));
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void requireDigits() throws SocketIoParseException {
        int from = pos;
        skipDigits();
        if (pos == from) {
            throw error("bad number");
        }
    }

    private void skipDigits() {
        while (pos < end && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws SocketIoParseException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected word");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private char peek() throws SocketIoParseException {
        if (pos >= end) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() throws SocketIoParseException {
        char c = peek();
        pos++;
        return c;
    }

    private SocketIoParseException error(String what) {
        return new SocketIoParseException("invalid payload: " + what + " at " + pos);
    }
}
