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
 * The small events ({@code 42["chat",{"text":"hello","n":1}]} and {@code 42["ping","hello"]}) are the
 * allocation targets of issue 16 (at most 300 B per event encoded or decoded): run with {@code -prof gc} and
 * read {@code gc.alloc.rate.norm}, which counts bytes per operation and does not depend on CPU noise.
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
    private final Packet smallEvent = Packet.event("/", List.of("chat", Map.of("text", "hello", "n", 1)), 2);
    private final String encodedSmallEvent = parser.encode(smallEvent).text();
    private final Packet stringEvent = Packet.event("/", List.of("ping", "hello"), Packet.NO_ID);
    private final String encodedStringEvent = parser.encode(stringEvent).text();
    // A decoder lives as long as its connection: one per benchmark state, as in the server.
    private final JsonParser.Decoder decoder = parser.newDecoder();

    @Benchmark
    public EncodedPacket encodeEvent() {
        return parser.encode(event);
    }

    @Benchmark
    public Packet decodeEvent() throws SocketIoParseException {
        return parser.newDecoder().decode(encodedEvent);
    }

    @Benchmark
    public EncodedPacket encodeSmallEvent() {
        return parser.encode(smallEvent);
    }

    @Benchmark
    public Packet decodeSmallEvent() throws SocketIoParseException {
        return decoder.decode(encodedSmallEvent);
    }

    @Benchmark
    public EncodedPacket encodeStringEvent() {
        return parser.encode(stringEvent);
    }

    @Benchmark
    public Packet decodeStringEvent() throws SocketIoParseException {
        return decoder.decode(encodedStringEvent);
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
