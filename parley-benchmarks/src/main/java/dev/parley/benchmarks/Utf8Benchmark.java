package dev.parley.benchmarks;

import dev.parley.websocket.internal.Utf8Validator;
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
 * Incremental UTF-8 validation (RFC 6455 §8.1) of a whole text payload in one {@link Utf8Validator#feed}
 * call, from a direct buffer as the frame reader sees it: all-ASCII JSON, where the eight-byte ASCII skip
 * applies, and mixed multilingual text, mostly multi-byte sequences checked one byte at a time. Bytes per
 * second are operations per second times {@code size}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class Utf8Benchmark {
    @Param({Payloads.ASCII, Payloads.MIXED})
    public String text;

    @Param({"1024", "65536"})
    public int size;

    private final Utf8Validator validator = new Utf8Validator();
    private ByteBuf buf;

    @Setup
    public void setUp() {
        buf = ByteBufAllocator.DEFAULT.directBuffer(size).writeBytes(Payloads.of(text, size));
        if (!Utf8Validator.isValid(buf, 0, size)) {
            throw new IllegalStateException("Fixture is not valid UTF-8: " + text);
        }
    }

    @TearDown
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public boolean feed() {
        validator.reset();
        return validator.feed(buf, 0, size) && validator.isComplete();
    }
}
