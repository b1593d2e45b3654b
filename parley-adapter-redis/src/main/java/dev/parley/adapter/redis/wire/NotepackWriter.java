package dev.parley.adapter.redis.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Encodes a Java value to the bytes notepack.io 3.0.1's {@code lib/encode.js} writes for the equivalent JS
 * value (see {@link Notepack#encode(Object)}). One instance per message, one thread.
 */
final class NotepackWriter {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final long TIMESTAMP32_MAX_SEC = 0xffffffffL;
    private static final long TIMESTAMP64_MAX_SEC = 0x3ffffffffL;
    /** notepack measures and writes strings of at most this many UTF-16 units itself, longer ones with Buffer. */
    private static final int MICRO_OPT_LEN = 32;

    private final MessageBufferPacker out = MessagePack.newDefaultBufferPacker();
    private final int maxDepth;

    private NotepackWriter(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    static byte[] encode(Object value, int maxDepth) {
        NotepackWriter writer = new NotepackWriter(maxDepth);
        try {
            writer.write(value, 0);
            return writer.out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a buffer packer does no I/O
        }
    }

    private void write(Object v, int depth) throws IOException {
        if (v == null) {
            out.packNil();
        } else if (v instanceof Boolean b) {
            out.packBoolean(b);
        } else if (v instanceof String s) {
            byte[] utf8 = JsStrings.utf8(s, s.length() <= MICRO_OPT_LEN);
            out.packRawStringHeader(utf8.length);
            out.writePayload(utf8);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            // msgpack-core picks the smallest form with the same cut-offs as notepack (uint for >= 0x80)
            out.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger big) {
            writeBigInteger(big);
        } else if (v instanceof Double || v instanceof Float) {
            writeNumber(((Number) v).doubleValue());
        } else if (v instanceof byte[] bytes) {
            out.packBinaryHeader(bytes.length);
            out.writePayload(bytes);
        } else if (v instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            out.packBinaryHeader(view.remaining());
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            out.writePayload(bytes);
        } else if (v instanceof Instant instant) {
            writeDate(instant);
        } else if (v instanceof List<?> list) {
            int inner = nested(depth);
            out.packArrayHeader(list.size());
            for (Object item : list) {
                write(item, inner);
            }
        } else if (v instanceof Object[] array) {
            write(Arrays.asList(array), depth);
        } else if (v instanceof Map<?, ?> map) {
            writeMap(map, nested(depth));
        } else {
            throw new IllegalArgumentException("cannot encode a " + v.getClass().getName()
                    + " (notepack has no equivalent JS value)");
        }
    }

    private int nested(int depth) {
        if (depth + 1 > maxDepth) {
            throw new IllegalArgumentException("nesting deeper than " + maxDepth + " (a cycle?)");
        }
        return depth + 1;
    }

    private void writeMap(Map<?, ?> map, int depth) throws IOException {
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("map keys must be strings, not " + key);
            }
            keys.add(s);
        }
        keys = JsStrings.objectKeyOrder(keys);
        out.packMapHeader(keys.size());
        for (String key : keys) {
            write(key, depth);
            write(map.get(key), depth);
        }
    }

    /** notepack: a number with an integral finite value is an int of the smallest form, others float 64. */
    private void writeNumber(double d) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.floor(d) != d) {
            out.packDouble(d);
        } else if (Math.abs(d) < 0x1p63) {
            out.packLong((long) d); // -0.0 becomes 0, as notepack's `value >= 0` takes -0 for 0
        } else {
            // beyond 64 bits notepack's `>> 0` and `>>> 0` wrap hi and lo modulo 2^32: the value modulo 2^64
            BigInteger wrapped = new BigDecimal(d).toBigInteger().mod(TWO_64);
            writeRaw64(d > 0 ? 0xcf : 0xd3, wrapped.longValue());
        }
    }

    private void writeBigInteger(BigInteger big) throws IOException {
        if (big.bitLength() < 64) {
            out.packLong(big.longValue());
        } else if (big.signum() > 0 && big.bitLength() == 64) {
            out.packBigInteger(big);
        } else {
            throw new IllegalArgumentException("integer out of the 64-bit range: " + big);
        }
    }

    /**
     * A Date as notepack writes it, from its milliseconds: timestamp 32 for whole seconds up to 2^32-1,
     * timestamp 64 up to 2^34-1 seconds, timestamp 96 before 1970 or after (MessagePack's ext type -1).
     */
    private void writeDate(Instant instant) throws IOException {
        long ms = instant.toEpochMilli(); // a JS Date has millisecond precision
        if (Math.abs(ms) > 8_640_000_000_000_000L) {
            throw new IllegalArgumentException("outside the range of a JS Date: " + instant);
        }
        long s = Math.floorDiv(ms, 1000);
        long ns = Math.floorMod(ms, 1000) * 1_000_000;
        if (s >= 0 && s <= TIMESTAMP64_MAX_SEC) {
            if (ns == 0 && s <= TIMESTAMP32_MAX_SEC) {
                out.packExtensionTypeHeader((byte) -1, 4);
                out.writePayload(ByteBuffer.allocate(4).putInt((int) s).array());
            } else {
                out.packExtensionTypeHeader((byte) -1, 8);
                out.writePayload(ByteBuffer.allocate(8).putLong(ns << 34 | s).array());
            }
        } else {
            out.packExtensionTypeHeader((byte) -1, 12);
            out.writePayload(ByteBuffer.allocate(12).putInt((int) ns).putLong(s).array());
        }
    }

    private void writeRaw64(int prefix, long bits) throws IOException {
        out.writePayload(ByteBuffer.allocate(9).put((byte) prefix).putLong(bits).array());
    }
}
