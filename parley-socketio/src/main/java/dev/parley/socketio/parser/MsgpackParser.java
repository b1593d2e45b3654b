package dev.parley.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The format of npm {@code socket.io-msgpack-parser} (3.x, Socket.IO protocol v5): each packet is one
 * MessagePack map {@code {type, data, nsp, id}} sent as a single Engine.IO binary message. Binary values
 * stay binary inside it (MessagePack {@code bin}); there are no attachments and no BINARY_EVENT/BINARY_ACK
 * types (a packet with binary is an EVENT or ACK). Clients must use the same parser:
 * {@code io(url, { parser: require("socket.io-msgpack-parser") })}.
 *
 * <p>Decoding is bounded: a message is at most Engine.IO's {@code maxHttpBufferSize}, and no length a
 * MessagePack header declares (string, binary, array, map, extension) may exceed the bytes left in the
 * message, so nothing is allocated beyond it; nesting is at most {@code maxDepth}. Anything malformed is a
 * {@link SocketIoParseException} (the connection closes with "parse error"). Thread-safe; decoders are per
 * connection.
 */
public final class MsgpackParser implements SocketIoParser {
    /** Default deepest nesting of arrays and maps in a packet: 1,000 (Jackson's default for JSON too). */
    public static final int DEFAULT_MAX_DEPTH = 1000;

    private final ObjectMapper mapper;
    private final int maxDepth;

    public MsgpackParser() {
        this(new ObjectMapper(), DEFAULT_MAX_DEPTH);
    }

    /**
     * @param mapper converts the Java values of outgoing packets (records, POJOs) to a tree first, as
     *     {@link JsonParser} does; {@code byte[]} stays binary
     * @param maxDepth deepest nesting accepted from clients
     */
    public MsgpackParser(ObjectMapper mapper, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        this.mapper = mapper;
        this.maxDepth = maxDepth;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public EncodedPacket encode(Packet packet) {
        PacketType type = switch (packet.type()) {
            case BINARY_EVENT -> PacketType.EVENT;
            case BINARY_ACK -> PacketType.ACK;
            default -> packet.type();
        };
        // Keys in the order socket.io's server builds its packets; absent data and id are left out
        // (socket.io-msgpack-parser checks that a DISCONNECT has no data).
        try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
            out.packMapHeader(2 + (packet.data() != null ? 1 : 0) + (packet.hasId() ? 1 : 0));
            out.packString("type").packInt(type.code());
            if (packet.data() != null) {
                out.packString("data");
                write(out, mapper.valueToTree(packet.data()));
            }
            out.packString("nsp").packString(packet.namespace());
            if (packet.hasId()) {
                out.packString("id").packLong(packet.id());
            }
            return EncodedPacket.binary(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode packet", e);
        }
    }

    private static void write(MessagePacker out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case NULL, MISSING -> out.packNil();
            case BOOLEAN -> out.packBoolean(node.booleanValue());
            case NUMBER -> {
                if (node.canConvertToLong() && node.isIntegralNumber()) {
                    out.packLong(node.longValue());
                } else if (node.isBigInteger()) {
                    out.packBigInteger(node.bigIntegerValue());
                } else {
                    out.packDouble(node.doubleValue());
                }
            }
            case STRING -> out.packString(node.textValue());
            case BINARY -> {
                byte[] bytes = node.binaryValue();
                out.packBinaryHeader(bytes.length);
                out.writePayload(bytes);
            }
            case ARRAY -> {
                out.packArrayHeader(node.size());
                for (JsonNode item : node) {
                    write(out, item);
                }
            }
            case OBJECT -> {
                out.packMapHeader(node.size());
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.packString(field.getKey());
                    write(out, field.getValue());
                }
            }
            case POJO -> out.packString(node.asText());
        }
    }

    @Override
    public Decoder newDecoder() {
        return new MsgpackDecoder(maxDepth);
    }

    /** One packet per binary message: the decoder keeps no state between messages. */
    private static final class MsgpackDecoder implements Decoder {
        private final int maxDepth;

        MsgpackDecoder(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        @Override
        public Packet decode(String text) throws SocketIoParseException {
            throw new SocketIoParseException("text message: the MessagePack format is binary only");
        }

        @Override
        public Packet decode(byte[] binary) throws SocketIoParseException {
            return MsgpackPacketReader.read(binary, maxDepth);
        }
    }
}
