package dev.parley.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.SocketIoParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The Socket.IO parser on a typical chat event: {@code ["chat", {"room":..,"text":..,"ts":..}]} with an ack
 * id, encoded from Java values and decoded to Java values; and the same with a 1 KB binary attachment.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SocketIoParserBenchmark {
    private final JsonParser parser = new JsonParser(new ObjectMapper());
    private final Packet event = Packet.event("/", List.of("chat",
            Map.of("room", "general", "text", "Hello, everybody! How is it going?", "ts", 1763900000000L)), 42);
    private final String encodedEvent = parser.encode(event).text();
    private final Packet binaryEvent = Packet.event("/", List.of("file", Map.of("name", "a.png"), new byte[1024]), -1);
    private final EncodedPacket encodedBinary = parser.encode(binaryEvent);

    @Benchmark
    public EncodedPacket encodeEvent() {
        return parser.encode(event);
    }

    @Benchmark
    public Packet decodeEvent() throws SocketIoParseException {
        return parser.newDecoder().decode(encodedEvent);
    }

    @Benchmark
    public EncodedPacket encodeBinaryEvent() {
        return parser.encode(binaryEvent);
    }

    @Benchmark
    public Packet decodeBinaryEvent() throws SocketIoParseException {
        var decoder = parser.newDecoder();
        decoder.decode(encodedBinary.text());
        return decoder.decode(encodedBinary.attachments().get(0));
    }
}
