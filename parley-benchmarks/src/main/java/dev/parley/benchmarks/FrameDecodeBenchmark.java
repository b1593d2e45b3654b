package dev.parley.benchmarks;

import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.internal.FrameListener;
import dev.parley.websocket.internal.FrameReader;
import dev.parley.websocket.internal.FrameRules;
import dev.parley.websocket.internal.MessageListener;
import dev.parley.websocket.internal.Opcodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
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
 * Decoding of one whole masked client frame per operation (RFC 6455 §5.2, unmasked per §5.3), arriving in
 * one chunk in a direct buffer, as a socket read delivers it.
 *
 * <p>{@link FrameReader} unmasks in place, so each operation first copies the masked frame back into the
 * input buffer. {@code copyBaseline} measures that copy alone: subtract it from the other two.
 * <ul>
 *   <li>{@code frameReader}: the syntax layer only (header, unmasking), with a listener that only counts
 *       the payload bytes;</li>
 *   <li>{@code frameReaderAndRules}: the real inbound path, {@link FrameReader} feeding {@link FrameRules},
 *       which checks the header, validates text as UTF-8 (RFC 6455 §8.1) and hands a {@code String} (text)
 *       or a retained slice (binary, released by the sink) to a {@link MessageListener}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameDecodeBenchmark {

    /** A binary frame for the syntax layer alone, and the copy baseline. */
    @State(Scope.Thread)
    public static class SyntaxState {
        @Param({"16", "125", "1024", "65536"})
        public int size;

        MaskedInput input;
        PayloadSink sink;
        FrameReader reader;

        @Setup
        public void setUp() {
            input = new MaskedInput(Payloads.maskedFrame(Opcodes.BINARY, Payloads.random(size)));
            sink = new PayloadSink();
            reader = new FrameReader(sink);
            reader.read(input.reset());
            check(sink.received == size && reader.isAtFrameBoundary(), "payload of " + sink.received + " bytes");
        }

        @TearDown
        public void tearDown() {
            input.release();
        }
    }

    /** A binary, ASCII text or mixed multi-byte text frame for the reader and the receiving rules. */
    @State(Scope.Thread)
    public static class RulesState {
        @Param({"16", "125", "1024", "65536"})
        public int size;

        @Param({Payloads.BINARY, Payloads.ASCII, Payloads.MIXED})
        public String kind;

        MaskedInput input;
        MessageSink sink;
        FrameRules rules;
        FrameReader reader;

        @Setup
        public void setUp() {
            byte[] payload = Payloads.of(kind, size);
            boolean binary = Payloads.BINARY.equals(kind);
            input = new MaskedInput(Payloads.maskedFrame(binary ? Opcodes.BINARY : Opcodes.TEXT, payload));
            sink = new MessageSink();
            long limit = WebSocketConfig.DEFAULT_MAX_MESSAGE_SIZE;
            rules = new FrameRules(ByteBufAllocator.DEFAULT, sink, limit, limit, null);
            reader = new FrameReader(rules);
            reader.read(input.reset());
            int expected = binary ? size : new String(payload, StandardCharsets.UTF_8).length();
            check(sink.lastLength == expected && reader.isAtFrameBoundary(), "message of length " + sink.lastLength);
        }

        @TearDown
        public void tearDown() {
            rules.release();
            input.release();
        }
    }

    @Benchmark
    public ByteBuf copyBaseline(SyntaxState state) {
        return state.input.reset();
    }

    @Benchmark
    public long frameReader(SyntaxState state) {
        state.reader.read(state.input.reset());
        return state.sink.received;
    }

    @Benchmark
    public Object frameReaderAndRules(RulesState state) {
        state.reader.read(state.input.reset());
        return state.sink.last;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Fixture decoded wrongly: " + what);
        }
    }

    /** The masked frame bytes and the direct buffer they are copied into before each decode. */
    static final class MaskedInput {
        private final byte[] wire;
        private final ByteBuf in;

        MaskedInput(byte[] wire) {
            this.wire = wire;
            this.in = ByteBufAllocator.DEFAULT.directBuffer(wire.length, wire.length);
        }

        /** Restores the masked frame, which the previous decode unmasked in place. */
        ByteBuf reset() {
            in.clear();
            in.writeBytes(wire);
            return in;
        }

        void release() {
            in.release();
        }
    }

    /** Counts each unmasked payload chunk; the benchmark returns the count, so JMH consumes it. */
    static final class PayloadSink implements FrameListener {
        long received;

        @Override
        public void onFrameStart(boolean fin, int rsv, int opcode, boolean masked, long payloadLength) {
            received = 0;
        }

        @Override
        public void onPayload(ByteBuf chunk) {
            received += chunk.readableBytes();
        }

        @Override
        public void onFrameEnd() {
        }
    }

    /**
     * Keeps the last message for the benchmark to return, so JMH consumes it; releases binary messages, whose
     * ownership it receives (the reference kept is only for the blackhole, never read).
     */
    static final class MessageSink implements MessageListener {
        Object last;
        int lastLength;

        @Override
        public void onText(String text) {
            last = text;
            lastLength = text.length();
        }

        @Override
        public void onBinary(ByteBuf data) {
            last = data;
            lastLength = data.readableBytes();
            data.release();
        }

        @Override
        public void onPing(ByteBuf payload) {
            last = payload;
        }

        @Override
        public void onPong(ByteBuf payload) {
            last = payload;
        }

        @Override
        public void onClose(int code, String reason) {
            last = reason;
        }
    }
}
