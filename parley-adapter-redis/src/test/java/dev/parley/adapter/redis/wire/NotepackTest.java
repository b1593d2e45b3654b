package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notepack.io 3.0.1 codec against byte vectors worked out from {@code lib/encode.js} and
 * {@code lib/decode.js} (and checked against Node by ClassicWireGoldenIT and ClassicWireNodeDecodeIT).
 */
class NotepackTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static void roundTrip(Object value, String bytes) throws WireFormatException {
        assertThat(HEX.formatHex(Notepack.encode(value))).as("encode %s", value).isEqualTo(bytes.replace(" ", ""));
        assertThat(Notepack.decode(hex(bytes))).as("decode %s", bytes).isEqualTo(value);
    }

    @Test
    void integersTakeTheSmallestFormAtEveryBoundary() throws WireFormatException {
        roundTrip(0, "00");
        roundTrip(127, "7f");
        roundTrip(128, "cc80");
        roundTrip(255, "ccff");
        roundTrip(256, "cd0100");
        roundTrip(65535, "cdffff");
        roundTrip(65536, "ce00010000");
        roundTrip(4294967295L, "ceffffffff");
        roundTrip(4294967296L, "cf0000000100000000");
        roundTrip(Long.MAX_VALUE, "cf7fffffffffffffff");
        roundTrip(-1, "ff");
        roundTrip(-32, "e0");
        roundTrip(-33, "d0df");
        roundTrip(-128, "d080");
        roundTrip(-129, "d1ff7f");
        roundTrip(-32768, "d18000");
        roundTrip(-32769, "d2ffff7fff");
        roundTrip(Integer.MIN_VALUE, "d280000000");
        roundTrip(Integer.MIN_VALUE - 1L, "d3ffffffff7fffffff");
        roundTrip(Long.MIN_VALUE, "d38000000000000000");
        roundTrip(new BigInteger("18446744073709551615"), "cfffffffffffffffff");
        assertThat(Notepack.encode(BigInteger.valueOf(5))).isEqualTo(hex("05"));
        assertThatThrownBy(() -> Notepack.encode(BigInteger.ONE.shiftLeft(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doublesWithIntegralValuesAreIntegersAsInJs() throws WireFormatException {
        assertThat(Notepack.encode(1.0)).isEqualTo(hex("01"));
        assertThat(Notepack.encode(-0.0)).isEqualTo(hex("00"));
        assertThat(Notepack.encode(-33.0)).isEqualTo(hex("d0df"));
        assertThat(Notepack.encode(Math.pow(2, 53) - 1)).isEqualTo(hex("cf001fffffffffffff"));
        assertThat(Notepack.encode(1.5f)).isEqualTo(hex("cb3ff8000000000000"));
        roundTrip(1.5, "cb3ff8000000000000");
        roundTrip(-0.5, "cbbfe0000000000000");
        roundTrip(Double.NaN, "cb7ff8000000000000");
        roundTrip(Double.POSITIVE_INFINITY, "cb7ff0000000000000");
        // beyond 64 bits notepack wraps modulo 2^64: 2^64 and 1e300 are sent as 0 (Node does this too)
        assertThat(Notepack.encode(Math.pow(2, 64))).isEqualTo(hex("cf0000000000000000"));
        assertThat(Notepack.encode(1e300)).isEqualTo(hex("cf0000000000000000"));
        assertThat(Notepack.encode(-Math.pow(2, 64))).isEqualTo(hex("d30000000000000000"));
        assertThat(Notepack.encode(Math.pow(2, 64) + Math.pow(2, 12))).isEqualTo(hex("cf0000000000001000"));
        assertThat(Notepack.decode(hex("ca3fc00000"))).isEqualTo(1.5);
    }

    @Test
    void stringsAtEveryHeaderBoundary() throws WireFormatException {
        roundTrip("", "a0");
        roundTrip("a".repeat(31), "bf" + "61".repeat(31));
        roundTrip("a".repeat(32), "d920" + "61".repeat(32));
        roundTrip("a".repeat(255), "d9ff" + "61".repeat(255));
        roundTrip("a".repeat(256), "da0100" + "61".repeat(256));
        roundTrip("a".repeat(65535), "daffff" + "61".repeat(65535));
        roundTrip("a".repeat(65536), "db00010000" + "61".repeat(65536));
        roundTrip("é😀", "a6c3a9f09f9880");
        // the header counts UTF-8 bytes: 16 two-byte characters are a str 8
        roundTrip("é".repeat(16), "d920" + "c3a9".repeat(16));
    }

    @Test
    void loneSurrogatesAreWrittenAsNotepackWritesThem() throws WireFormatException {
        // short strings: notepack's own loop pairs the surrogate with whatever follows (0 past the end)
        assertThat(Notepack.encode("\ud800")).isEqualTo(hex("a4f0908080"));
        // long strings go through Buffer: U+FFFD
        assertThat(Notepack.encode("\ud800" + "a".repeat(32))).isEqualTo(hex("d923efbfbd" + "61".repeat(32)));
        assertThat(Notepack.decode(hex("a2c328"))).isEqualTo("\ufffd(");
    }

    @Test
    void binAtEveryHeaderBoundary() throws WireFormatException {
        assertThat((byte[]) Notepack.decode(hex("c400"))).isEmpty();
        assertThat(Notepack.encode(new byte[255])).startsWith(hex("c4ff")).hasSize(257);
        assertThat(Notepack.encode(new byte[256])).startsWith(hex("c50100")).hasSize(259);
        assertThat(Notepack.encode(new byte[65536])).startsWith(hex("c600010000")).hasSize(65541);
        assertThat(Notepack.encode(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}, 1, 2))).isEqualTo(hex("c4020203"));
        assertThat((byte[]) Notepack.decode(hex("c5000201ff"))).containsExactly(1, 0xff);
    }

    @Test
    void arraysAndMapsAtEveryHeaderBoundary() throws WireFormatException {
        roundTrip(List.of(), "90");
        roundTrip(ints(15), "9f" + "00".repeat(15));
        roundTrip(ints(16), "dc0010" + "00".repeat(16));
        roundTrip(ints(65536), "dd00010000" + "00".repeat(65536));
        assertThat(Notepack.encode(new Object[] {true, false, null})).isEqualTo(hex("93c3c2c0"));
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < 15; i++) {
            map.put("k" + (char) ('a' + i), i);
        }
        assertThat(Notepack.encode(map)).startsWith(hex("8f"));
        map.put("kz", 15);
        assertThat(Notepack.encode(map)).startsWith(hex("de0010"));
        assertThat(Notepack.decode(Notepack.encode(map))).isEqualTo(map);
    }

    @Test
    void mapKeysFollowJsObjectOrderAndDecodeInWireOrder() throws WireFormatException {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("2", 2);
        map.put("a", 3);
        map.put("1", 4);
        map.put("01", 5);
        // { b: 1, 2: 2, a: 3, 1: 4, '01': 5 } in Node: index keys first, ascending ("01" is not an index)
        assertThat(Notepack.encode(map)).isEqualTo(hex("85 a131 04 a132 02 a162 01 a161 03 a23031 05"));
        assertThat(((Map<?, ?>) Notepack.decode(hex("82 a162 01 a161 02"))).keySet().toString()).isEqualTo("[b, a]");
        // non-string keys become strings as value[key] makes them; a repeated key keeps its place, last value
        assertThat(Notepack.decode(hex("84 01 a161 c3 a162 c0 a163 01 a17a"))).isEqualTo(
                Map.of("1", "z", "true", "b", "null", "c"));
        assertThat(((Map<?, ?>) Notepack.decode(hex("83 a178 01 a179 02 a178 03"))).entrySet().toString())
                .isEqualTo("[x=3, y=2]");
        assertThatThrownBy(() -> Notepack.encode(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void datesAsNotepackWritesAndReadsThem() throws WireFormatException {
        roundTrip(Instant.EPOCH, "d6ff00000000");
        roundTrip(Instant.ofEpochMilli(1700000000000L), "d6ff6553f100");
        roundTrip(Instant.ofEpochMilli(1700000000123L), "d7ff1d5353006553f100");
        roundTrip(Instant.ofEpochMilli(-1), "c70cff3b8b87c0ffffffffffffffff");
        roundTrip(Instant.ofEpochSecond(1L << 34), "c70cff000000000000000400000000");
        roundTrip(Instant.ofEpochSecond((1L << 32)), "d7ff0000000100000000");
        // sub-millisecond precision is lost, as in a JS Date
        assertThat(Notepack.encode(Instant.ofEpochSecond(0, 999_999))).isEqualTo(hex("d6ff00000000"));
        // notepack's old Date encoding: fixext 8 of type 0 holding the milliseconds
        assertThat(Notepack.decode(hex("d7000000018bcfe5687b"))).isEqualTo(Instant.ofEpochMilli(1700000000123L));
        // timestamp 64 with nanoseconds below a millisecond: Date truncates
        assertThat(Notepack.decode(hex("d7ff000000040000000a"))).isEqualTo(Instant.ofEpochSecond(10));
        // beyond a Date's range: an Invalid Date, which JSON.stringify writes as null
        assertThat(Notepack.decode(hex("c70cff000000007fffffffffffffff"))).isNull();
        assertThatThrownBy(() -> Notepack.decode(hex("c70bff0000000000000000000000")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("timestamp 96");
    }

    @Test
    void undefinedIsDroppedFromMapsAndNullInArrays() throws WireFormatException {
        assertThat(Notepack.decode(hex("d40000"))).isNull();
        assertThat(Notepack.decode(hex("92d40000 01"))).isEqualTo(Arrays.asList(null, 1));
        assertThat(Notepack.decode(hex("82 a161 d40000 a162 01"))).isEqualTo(Map.of("b", 1));
        assertThat(Notepack.decode(hex("82 a161 01 a161 d40000"))).isEqualTo(Map.of());
    }

    @Test
    void otherExtensionsAsNotepackReturnsThem() throws WireFormatException {
        assertThat(Notepack.decode(hex("c70300010203"))).isEqualTo(new byte[] {1, 2, 3});
        List<?> pair = (List<?>) Notepack.decode(hex("d5050102"));
        assertThat(pair.get(0)).isEqualTo(5);
        assertThat((byte[]) pair.get(1)).containsExactly(1, 2);
        List<?> fix16 = (List<?>) Notepack.decode(hex("d8ff" + "00".repeat(16)));
        assertThat(fix16.get(0)).isEqualTo(-1);
    }

    @Test
    void nestingIsLimitedBothWays() throws WireFormatException {
        assertThat(Notepack.decode(hex("91".repeat(64) + "c0"))).isNotNull();
        assertThatThrownBy(() -> Notepack.decode(hex("91".repeat(65) + "c0")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("nesting");
        assertThatThrownBy(() -> Notepack.decode(hex("81a161".repeat(100_000) + "c0")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("nesting");
        List<Object> deep = new ArrayList<>();
        List<Object> cursor = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            cursor.add(next);
            cursor = next;
        }
        assertThatThrownBy(() -> Notepack.encode(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lyingLengthsFailBeforeAllocating() {
        for (String lie : List.of("db7fffffff61", "dbffffffff", "c6ffffffff00", "c9ffffffff0100", "ddffffffffc0",
                "dd7fffffff00000000", "df7fffffffa16101", "de0002a16101", "dc0003c0c0", "c8ffff00")) {
            assertThatThrownBy(() -> Notepack.decode(hex(lie))).as(lie).isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void aLyingHeaderAllocatesNothingLikeWhatItClaims() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        // 20 bytes each, claiming 2 GB: a string, a bin, an array, a map, an ext
        List<byte[]> lies = List.of(hex("db7fffffff" + "61".repeat(15)), hex("c67fffffff" + "00".repeat(15)),
                hex("dd7fffffff" + "c0".repeat(15)), hex("df7fffffff" + "c0".repeat(15)),
                hex("c97fffffff01" + "00".repeat(14)));
        for (byte[] lie : lies) {
            assertThat(lie).hasSize(20);
            assertThatThrownBy(() -> Notepack.decode(lie)).isInstanceOf(WireFormatException.class);
            // measured on the second run, once classes are loaded; a plain catch allocates no assertion objects
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                Notepack.decode(lie);
            } catch (WireFormatException expected) {
                // the message, the exception and msgpack-core's unpacker are all there is
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated decoding %s", HEX.formatHex(lie)).isLessThan(64 * 1024);
        }
    }

    @Test
    void mapKeysOfOtherTypesBecomeStringsAsInJs() throws WireFormatException {
        assertThat(Notepack.decode(hex("83 cb3ff8000000000000 01 cb7ff8000000000000 02 c2 03")))
                .isEqualTo(Map.of("1.5", 1, "NaN", 2, "false", 3));
        assertThatThrownBy(() -> Notepack.decode(hex("81 d40000 01"))).isInstanceOf(WireFormatException.class);
    }

    @Test
    void everyTruncationFails() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "héllo".repeat(10));
        value.put("n", List.of(1, 300, 70000, 5_000_000_000L, -5, -300, 1.5));
        value.put("b", new byte[] {1, 2, 3});
        value.put("d", Instant.ofEpochMilli(1700000000123L));
        byte[] whole = Notepack.encode(value);
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> Notepack.decode(part)).as("cut at %d", cut)
                    .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void corruptedMessagesOnlyEverFailWithWireFormatException() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("data", List.of("ev", "héllo", 70000, -5_000_000_000L, 1.5, new byte[] {1, 2, 3},
                Instant.ofEpochMilli(1700000000123L), Map.of("k", List.of(true, false))));
        byte[] whole = Notepack.encode(List.of("uid", value, Map.of("rooms", List.of("r"))));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] corrupt = whole.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            byte[] noise = new byte[1 + random.nextInt(24)];
            random.nextBytes(noise);
            for (byte[] input : List.of(corrupt, noise)) {
                try {
                    Notepack.decode(input);
                    BroadcastMessage.decode(input);
                } catch (WireFormatException expected) {
                    // the one way to fail
                }
            }
        }
    }

    @Test
    void trailingBytesAndNeverUsedFail() {
        assertThatThrownBy(() -> Notepack.decode(hex("0000"))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("1 trailing bytes");
        assertThatThrownBy(() -> Notepack.decode(hex("c1"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Notepack.decode(hex("81 90 01"))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("key");
    }

    @Test
    void unknownTypesAreRejectedByName() {
        assertThatThrownBy(() -> Notepack.encode(new StringBuilder("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.StringBuilder");
    }

    private static List<Object> ints(int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, 0));
    }
}
