package dev.parley.adapter.redis.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON as the adapter writes it with {@code JSON.stringify} and reads it with {@code JSON.parse}. Jackson
 * parses; the writer is our own because JSON.stringify's output differs from Jackson's where it matters for
 * byte identity: numbers (1.0 is {@code 1}, 1e21 is {@code 1e+21}, NaN is {@code null}), control characters
 * (six-character escapes with lower-case hex), key order ({@code Object.keys}). Stateless, thread-safe.
 */
final class JsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Notepack.DEFAULT_MAX_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter ISO_AFTER_YEAR = DateTimeFormatter.ofPattern("-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JsJson() {
    }

    /** JSON.parse: objects as LinkedHashMap in order, arrays as lists, numbers as Integer, Long, BigInteger or Double. */
    static Object parse(byte[] json) throws WireFormatException {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            throw new WireFormatException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /**
     * JSON.stringify of the equivalent JS value; {@code byte[]} is written as a Buffer's {@code toJSON()},
     * {@code {"type":"Buffer","data":[...]}}, and an {@link Instant} as a Date's ISO string.
     */
    static byte[] stringify(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object v, int depth) {
        if (depth > Notepack.DEFAULT_MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + Notepack.DEFAULT_MAX_DEPTH);
        }
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(number(((Number) v).doubleValue()));
        } else if (v instanceof byte[] bytes) {
            out.append("{\"type\":\"Buffer\",\"data\":[");
            for (int i = 0; i < bytes.length; i++) {
                out.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
            }
            out.append("]}");
        } else if (v instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            write(out, bytes, depth);
        } else if (v instanceof Instant instant) {
            string(out, isoString(instant));
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), depth + 1);
            }
            out.append(']');
        } else if (v instanceof Object[] array) {
            write(out, Arrays.asList(array), depth);
        } else if (v instanceof Map<?, ?> map) {
            object(out, map, depth);
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, int depth) {
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("map keys must be strings, not " + key);
            }
            keys.add(s);
        }
        out.append('{');
        boolean first = true;
        for (String key : JsStrings.objectKeyOrder(keys)) {
            out.append(first ? "" : ",");
            first = false;
            string(out, key);
            out.append(':');
            write(out, map.get(key), depth + 1);
        }
        out.append('}');
    }

    /**
     * Date.prototype.toISOString (ECMA-262 §21.4.1.32): four-digit years, or six digits and a sign outside
     * 0-9999.
     */
    static String isoString(Instant instant) {
        Instant ms = Instant.ofEpochMilli(instant.toEpochMilli());
        int year = ms.atZone(ZoneOffset.UTC).getYear();
        String y = year >= 0 && year <= 9999 ? String.format("%04d", year)
                : (year < 0 ? "-" : "+") + String.format("%06d", Math.abs(year));
        return y + ISO_AFTER_YEAR.format(ms);
    }

    /** JSON.stringify's QuoteJSONString (ES2019, well-formed: a lone surrogate is escaped, a pair is not). */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c)); // lower-case hex, as V8 writes it
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Number::toString (ECMA-262 §6.1.6.1.20), which JSON.stringify uses; NaN and infinities are null. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal decimal = shortest(Math.abs(d));
        String digits = decimal.unscaledValue().toString();
        int k = digits.length();
        int n = k - decimal.scale(); // the decimal point sits after n digits
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return out.toString();
    }

    /**
     * The fewest significant digits that read back as {@code d}, the closest such decimal (as the spec asks).
     * JDK 17's Double.toString is not always shortest (JDK-4511638: 4.9E-324 where JS writes 5e-324).
     */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
