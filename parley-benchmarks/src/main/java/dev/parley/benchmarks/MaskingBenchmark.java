package dev.parley.benchmarks;

import dev.parley.websocket.internal.Masking;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The XOR masking of RFC 6455 §5.3 over a whole payload, in place, per operation: {@link Masking#apply}
 * (eight bytes at a time) against the byte-by-byte loop of the RFC's pseudo-code, on a heap and a direct
 * buffer from the default allocator. Masking is its own inverse, so the buffer needs no reset: it
 * alternates between masked and clear. Bytes per second are operations per second times {@code size}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class MaskingBenchmark {
    @Param({"16", "1024", "65536"})
    public int size;

    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuf buf;
    private int maskKey;
    private byte[] keyBytes;

    @Setup
    public void setUp() {
        buf = "heap".equals(buffer) ? ByteBufAllocator.DEFAULT.heapBuffer(size) : ByteBufAllocator.DEFAULT.directBuffer(size);
        buf.writeBytes(Payloads.random(size));
        maskKey = Payloads.maskKey();
        keyBytes = new byte[] {(byte) (maskKey >>> 24), (byte) (maskKey >>> 16), (byte) (maskKey >>> 8), (byte) maskKey};
        checkSameResult();
    }

    @TearDown
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public ByteBuf masking() {
        Masking.apply(buf, 0, size, maskKey, 0);
        return buf;
    }

    @Benchmark
    public ByteBuf naive() {
        naiveMask(buf, 0, size, keyBytes);
        return buf;
    }

    /** RFC 6455 §5.3: transformed-octet-i = original-octet-i XOR masking-key-octet-(i MOD 4). */
    static void naiveMask(ByteBuf buf, int index, int length, byte[] key) {
        for (int i = 0; i < length; i++) {
            buf.setByte(index + i, buf.getByte(index + i) ^ key[i & 3]);
        }
    }

    /** Both implementations must compute the same bytes, or the comparison means nothing. */
    private void checkSameResult() {
        ByteBuf copy = buf.copy();
        try {
            Masking.apply(buf, 0, size, maskKey, 0);
            naiveMask(copy, 0, size, keyBytes);
            if (!buf.equals(copy)) {
                throw new IllegalStateException("Masking.apply and the naive loop disagree");
            }
            Masking.apply(buf, 0, size, maskKey, 0);
        } finally {
            copy.release();
        }
    }
}
