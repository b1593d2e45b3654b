package dev.parley.adapter.redis.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What JS does with strings where Java would do otherwise: UTF-8 of lone surrogates, object key order. */
final class JsStrings {
    private static final long MAX_ARRAY_INDEX = 0xfffffffeL;

    private JsStrings() {
    }

    /**
     * UTF-8 as notepack writes it. Well-formed strings give standard UTF-8. A lone surrogate differs:
     * for strings of at most 32 UTF-16 units notepack's own loop takes any surrogate as the start of a pair
     * and combines it with the next unit (or 0 past the end); longer strings go through Buffer, which writes
     * U+FFFD. Java's {@code getBytes(UTF_8)} would write '?', hence this.
     */
    static byte[] utf8(String s, boolean notepackLoop) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0, l = s.length(); i < l; i++) {
            int c = s.charAt(i);
            if (c >= 0xd800 && c < 0xe000) {
                if (notepackLoop) {
                    i++;
                    int next = i < l ? s.charAt(i) : 0;
                    c = 0x10000 + (((c & 0x3ff) << 10) | (next & 0x3ff));
                } else if (Character.isHighSurrogate((char) c) && i + 1 < l
                        && Character.isLowSurrogate(s.charAt(i + 1))) {
                    c = Character.toCodePoint((char) c, s.charAt(++i));
                } else {
                    c = 0xfffd;
                }
            }
            codePoint(out, c);
        }
        return out.toByteArray();
    }

    private static void codePoint(ByteArrayOutputStream out, int c) {
        if (c < 0x80) {
            out.write(c);
        } else if (c < 0x800) {
            out.write(0xc0 | c >> 6);
            out.write(0x80 | c & 0x3f);
        } else if (c < 0x10000) {
            out.write(0xe0 | c >> 12);
            out.write(0x80 | c >> 6 & 0x3f);
            out.write(0x80 | c & 0x3f);
        } else {
            out.write(0xf0 | c >> 18);
            out.write(0x80 | c >> 12 & 0x3f);
            out.write(0x80 | c >> 6 & 0x3f);
            out.write(0x80 | c & 0x3f);
        }
    }

    /**
     * The order {@code Object.keys} gives an object whose keys were added in this order: array indexes
     * ("0" to "4294967294" in canonical form) first, ascending, then the other keys as added. notepack and
     * JSON.stringify both walk that order.
     */
    static List<String> objectKeyOrder(List<String> keys) {
        List<String> indexes = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String key : keys) {
            (isArrayIndex(key) ? indexes : others).add(key);
        }
        if (indexes.isEmpty()) {
            return keys;
        }
        indexes.sort(Comparator.comparingLong(Long::parseLong));
        indexes.addAll(others);
        return indexes;
    }

    static boolean isArrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 10 || (n > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= MAX_ARRAY_INDEX;
    }
}
