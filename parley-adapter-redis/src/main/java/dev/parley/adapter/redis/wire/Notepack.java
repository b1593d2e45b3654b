package dev.parley.adapter.redis.wire;

/**
 * MessagePack exactly as notepack.io 3.0.1 speaks it, the codec of {@code @socket.io/redis-adapter} 8.3.0 and
 * {@code @socket.io/redis-emitter} 5.1.0. Stateless and thread-safe.
 *
 * <h2>Decoding ({@link #decode(byte[])})</h2>
 * nil &rarr; {@code null}; bool &rarr; {@link Boolean}; integers &rarr; {@link Integer} when they fit, else
 * {@link Long}, else (uint 64 above {@code Long.MAX_VALUE}) {@link java.math.BigInteger} &mdash; exact, where
 * Node's Number loses precision above 2^53; float 32/64 &rarr; {@link Double}; str &rarr; {@link String}
 * (malformed UTF-8 replaced by U+FFFD, as Buffer does); bin &rarr; {@code byte[]}; array &rarr;
 * {@code List<Object>}; map &rarr; {@code LinkedHashMap<String, Object>} in wire order (number, boolean and
 * nil keys become strings as {@code value[key]} makes them; a repeated key keeps its first place and its last
 * value). Extensions as notepack 3.0.1 reads them: fixext 1 of type 0 is {@code undefined}, dropped from maps
 * and {@code null} in arrays (what JSON.stringify makes of it); ext type -1 (timestamp 32/64/96) and the old
 * fixext 8 of type 0 are a Date, returned as an {@link java.time.Instant} with millisecond precision, or
 * {@code null} outside a Date's range (an Invalid Date, which JSON.stringify writes as null); ext 8/16/32 of
 * type 0 (the old ArrayBuffer encoding) &rarr; {@code byte[]}; any other extension &rarr; the two-element list
 * {@code [type, byte[]]}, as notepack returns {@code [type, Buffer]}. notepack 3.0.1 has no BigInt encoding.
 *
 * <h2>Limits</h2>
 * A length header that the rest of the input cannot hold (a string longer than the bytes left, an array
 * with more elements than bytes left, a map with more than half) fails before anything is allocated, so
 * memory stays proportional to the input. Nesting is limited to {@link #DEFAULT_MAX_DEPTH} arrays and maps.
 * Trailing bytes fail, as in notepack. Every failure is a {@link WireFormatException}.
 *
 * <h2>Encoding ({@link #encode(Object)})</h2>
 * The bytes notepack writes for the equivalent JS value: integers in the smallest form (uint for positives),
 * a {@link Double} or {@link Float} with an integral finite value as an integer (-0 as 0) and any other as
 * float 64 (notepack never writes float 32); {@link String} as UTF-8 (see {@link JsStrings} for lone
 * surrogates); {@code byte[]} and {@link java.nio.ByteBuffer} (its remaining bytes) as bin; {@link java.util.List}
 * and {@code Object[]} as arrays; {@link java.util.Map} with {@link String} keys as a map in
 * {@code Object.keys} order (array-index keys first, ascending, as a JS object orders them); an
 * {@link java.time.Instant} as notepack writes a Date of its milliseconds. {@link Long} and
 * {@link java.math.BigInteger} beyond 2^53, which JS cannot hold, are written exactly. Anything else is an
 * {@link IllegalArgumentException} naming the type.
 */
public final class Notepack {
    /** The deepest nesting of arrays and maps accepted, both ways: 64. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private Notepack() {
    }

    /** Decodes one value that must fill {@code bytes}, with nesting up to {@link #DEFAULT_MAX_DEPTH}. */
    public static Object decode(byte[] bytes) throws WireFormatException {
        return decode(bytes, DEFAULT_MAX_DEPTH);
    }

    /** Decodes one value that must fill {@code bytes}, with nesting up to {@code maxDepth}. */
    public static Object decode(byte[] bytes, int maxDepth) throws WireFormatException {
        return NotepackReader.decode(bytes, maxDepth);
    }

    /** Encodes {@code value} as notepack.io 3.0.1 encodes the equivalent JS value. */
    public static byte[] encode(Object value) {
        return NotepackWriter.encode(value, DEFAULT_MAX_DEPTH);
    }
}
