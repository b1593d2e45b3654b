package dev.parley.benchmarks;

import dev.parley.websocket.internal.FrameWriter;
import dev.parley.websocket.internal.Opcodes;
import dev.parley.websocket.internal.OutboundMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
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
 * Encoding of one binary frame per operation (RFC 6455 §5.2), the output released at once.
 * <ul>
 *   <li>{@code encode}: {@link FrameWriter#encode}, the server's unmasked frame; it takes ownership of its
 *       payload, so each operation hands it a retained duplicate of one payload buffer. Up to 1024 bytes
 *       the payload is copied behind the header, above that a composite references it.
 *       {@code payloadBaseline} measures the duplicate alone: subtract it from {@code encode} and
 *       {@code encodeMasked}.</li>
 *   <li>{@code encodeMasked}: the client's frame (§5.3), copied and masked (tests, the load generator).</li>
 *   <li>{@code outboundMessage}: {@link OutboundMessage#binary}, the path of data messages sent through
 *       the endpoint API, which copies the payload once straight behind the header, at any size.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class FrameEncodeBenchmark {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Param({"16", "125", "1024", "65536"})
    public int size;

    private ByteBuf payload;
    private ByteBuffer data;
    private int maskKey;

    @Setup
    public void setUp() {
        byte[] bytes = Payloads.random(size);
        payload = ALLOC.buffer(size).writeBytes(bytes);
        data = ByteBuffer.wrap(bytes);
        maskKey = Payloads.maskKey();
    }

    @TearDown
    public void tearDown() {
        payload.release();
    }

    @Benchmark
    public int payloadBaseline() {
        ByteBuf duplicate = payload.retainedDuplicate();
        try {
            return duplicate.readableBytes();
        } finally {
            duplicate.release();
        }
    }

    @Benchmark
    public int encode() {
        ByteBuf frame = FrameWriter.encode(ALLOC, true, 0, Opcodes.BINARY, payload.retainedDuplicate());
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    @Benchmark
    public int encodeMasked() {
        ByteBuf frame = FrameWriter.encodeMasked(ALLOC, true, 0, Opcodes.BINARY, payload.retainedDuplicate(),
                maskKey);
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    @Benchmark
    public int outboundMessage() {
        OutboundMessage message = OutboundMessage.binary(ALLOC, data);
        try {
            return message.payloadLength();
        } finally {
            message.release();
        }
    }
}
