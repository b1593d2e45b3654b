package dev.parley.adapter.redis.wire;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Decodes one MessagePack value the way notepack.io 3.0.1's {@code lib/decode.js} does, into the Java values
 * {@link Notepack#decode(byte[])} documents. Every length header is checked against the bytes left before
 * anything is allocated, so a lying header costs nothing. One instance per message, one thread.
 */
final class NotepackReader {
    /** notepack's {@code undefined}: a fixext1 of type 0. Dropped from maps, null in arrays. */
    private static final Object UNDEFINED = new Object();
    private static final double TWO_32 = 4294967296.0;
    /** ECMAScript TimeClip: a Date holds at most 8.64e15 ms either side of the epoch. */
    private static final double MAX_DATE_MS = 8.64e15;

    private final MessageUnpacker in;
    private final int length;
    private final int maxDepth;

    private NotepackReader(byte[] bytes, int maxDepth) {
        this.in = MessagePack.newDefaultUnpacker(bytes);
        this.length = bytes.length;
        this.maxDepth = maxDepth;
    }

    static Object decode(byte[] bytes, int maxDepth) throws WireFormatException {
        NotepackReader reader = new NotepackReader(bytes, maxDepth);
        try {
            Object value = reader.read(0);
            if (reader.in.hasNext()) {
                // notepack: throw new Error(n + ' trailing bytes')
                throw new WireFormatException((bytes.length - reader.in.getTotalReadBytes()) + " trailing bytes");
            }
            return value == UNDEFINED ? null : value;
        } catch (IOException | MessagePackException e) {
            throw new WireFormatException("malformed MessagePack: " + e.getMessage(), e);
        }
    }

    private long remaining() {
        return length - in.getTotalReadBytes();
    }

    /** Checks a header's claim against the input before allocating: each unit takes at least one byte. */
    private int claim(long count, long bytesPerUnit, String what) throws WireFormatException {
        if (count < 0 || count * bytesPerUnit > remaining()) {
            throw new WireFormatException(what + " of " + count + " claimed with only " + remaining()
                    + " bytes left");
        }
        return (int) count;
    }

    private Object read(int depth) throws IOException, WireFormatException {
        MessageFormat format = in.getNextFormat();
        switch (format) {
            case NIL:
                in.unpackNil();
                return null;
            case BOOLEAN:
                return in.unpackBoolean();
            case POSFIXINT: case NEGFIXINT: case INT8: case INT16: case INT32: case UINT8: case UINT16:
            case UINT32: case INT64:
                return narrow(in.unpackLong());
            case UINT64:
                return narrow(in.unpackBigInteger());
            case FLOAT32:
                return (double) in.unpackFloat();
            case FLOAT64:
                return in.unpackDouble();
            case FIXSTR: case STR8: case STR16: case STR32: {
                int n = claim(in.unpackRawStringHeader() & 0xffffffffL, 1, "string");
                // Buffer.toString('utf8') replaces malformed sequences with U+FFFD, as new String does
                return new String(in.readPayload(n), StandardCharsets.UTF_8);
            }
            case BIN8: case BIN16: case BIN32:
                return in.readPayload(claim(in.unpackBinaryHeader() & 0xffffffffL, 1, "bin"));
            case FIXARRAY: case ARRAY16: case ARRAY32:
                return array(claim(in.unpackArrayHeader() & 0xffffffffL, 1, "array"), nested(depth));
            case FIXMAP: case MAP16: case MAP32:
                return map(claim(in.unpackMapHeader() & 0xffffffffL, 2, "map"), nested(depth));
            case FIXEXT1: case FIXEXT2: case FIXEXT4: case FIXEXT8: case FIXEXT16: case EXT8: case EXT16:
            case EXT32:
                return extension(format);
            default:
                // 0xc1: notepack throws 'Could not parse'
                throw new WireFormatException("invalid MessagePack type byte (" + format + ")");
        }
    }

    private int nested(int depth) throws WireFormatException {
        if (depth + 1 > maxDepth) {
            throw new WireFormatException("nesting deeper than " + maxDepth);
        }
        return depth + 1;
    }

    private List<Object> array(int count, int depth) throws IOException, WireFormatException {
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Object value = read(depth);
            list.add(value == UNDEFINED ? null : value);
        }
        return list;
    }

    private Map<String, Object> map(int count, int depth) throws IOException, WireFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = key(read(depth));
            Object value = read(depth);
            if (value == UNDEFINED) {
                // JS keeps the key with the value undefined; JSON.stringify and notepack's encoder both drop it
                map.remove(key);
            } else {
                // a repeated key keeps its first position and takes the last value, as a JS object does
                map.put(key, value);
            }
        }
        return map;
    }

    /**
     * A JS object key is a string: {@code value[key]} converts numbers, booleans and null with String().
     * (Node would also take an array or a Date as a key, through their toString; those are refused.)
     */
    private static String key(Object key) throws WireFormatException {
        if (key instanceof String || key instanceof Integer || key instanceof Long || key instanceof BigInteger
                || key instanceof Boolean) {
            return key.toString();
        }
        if (key == null) {
            return "null";
        }
        if (key instanceof Double d) {
            return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : JsJson.number(d);
        }
        throw new WireFormatException("unsupported map key type " + (key == UNDEFINED ? "undefined"
                : key.getClass().getSimpleName()));
    }

    private Object extension(MessageFormat format) throws IOException, WireFormatException {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        int n = claim(header.getLength() & 0xffffffffL, 1, "ext");
        byte type = header.getType();
        boolean fixed = format != MessageFormat.EXT8 && format != MessageFormat.EXT16
                && format != MessageFormat.EXT32;
        if (type == 0 && format == MessageFormat.FIXEXT1) {
            in.readPayload(1);
            return UNDEFINED;
        }
        if (type == 0 && !fixed) {
            return in.readPayload(n); // notepack's old ArrayBuffer encoding: an ArrayBuffer
        }
        byte[] payload = in.readPayload(n);
        if (type == -1 && format == MessageFormat.FIXEXT4) {
            return date(uint32(payload, 0) * 1e3);
        }
        if (type == -1 && format == MessageFormat.FIXEXT8) {
            long hi = uint32(payload, 0);
            double seconds = (hi & 0x3) * TWO_32 + uint32(payload, 4);
            return date(seconds * 1e3 + (hi >>> 2) / 1e6);
        }
        if (type == -1 && format == MessageFormat.EXT8) {
            if (n != 12) {
                // notepack reads 12 bytes whatever the length says and then misparses the rest
                throw new WireFormatException("timestamp 96 with length " + n);
            }
            double seconds = int32(payload, 4) * TWO_32 + uint32(payload, 8);
            return date(seconds * 1e3 + uint32(payload, 0) / 1e6);
        }
        if (type == 0 && format == MessageFormat.FIXEXT8) {
            return date(int32(payload, 0) * TWO_32 + uint32(payload, 4)); // notepack's old Date encoding
        }
        // any other extension: notepack returns [type, Buffer]
        List<Object> pair = new ArrayList<>(2);
        pair.add((int) type);
        pair.add(payload);
        return pair;
    }

    /**
     * {@code new Date(ms)} computed in doubles exactly as notepack does, then TimeClip: out of range is an
     * Invalid Date, which JSON.stringify writes as null, so null it is; otherwise truncated toward zero.
     */
    private static Instant date(double ms) {
        if (!(Math.abs(ms) <= MAX_DATE_MS)) {
            return null;
        }
        return Instant.ofEpochMilli((long) ms);
    }

    private static long uint32(byte[] b, int at) {
        return int32(b, at) & 0xffffffffL;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static Object narrow(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? narrow(v.longValue()) : v;
    }
}
