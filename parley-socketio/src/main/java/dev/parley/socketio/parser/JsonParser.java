package dev.parley.socketio.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * socket.io-parser's format (Socket.IO protocol v5, "Packet encoding"):
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]}, e.g. {@code 2/chat,12["hi",1]}.
 * Binary values become {@code {"_placeholder":true,"num":N}} and travel as separate binary messages.
 * Thread-safe; decoders are per connection.
 */
public final class JsonParser implements SocketIoParser {
    /** Default cap on binary attachments in one packet (socket.io-parser's default too). */
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;
    private static final int MAX_ID_DIGITS = 15;
    // Event names the client may not use: they are the server's own lifecycle events.
    private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    private final ObjectMapper mapper;
    // JSON.parse, which socket.io-parser uses, refuses text after the value: so does this reader.
    private final ObjectReader strictReader;
    private final int maxAttachments;
    // Plain values are read and written here, not through Jackson, when the mapper has Jackson's defaults.
    private final boolean direct;
    private final StreamReadConstraints constraints;
    private final StringCache strings = new StringCache();

    public JsonParser(ObjectMapper mapper) {
        this(mapper, DEFAULT_MAX_ATTACHMENTS);
    }

    public JsonParser(ObjectMapper mapper, int maxAttachments) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxAttachments = maxAttachments;
        this.direct = JacksonDefaults.hasDefaultFeatures(mapper);
        this.constraints = mapper.getFactory().streamReadConstraints();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public EncodedPacket encode(Packet packet) {
        PacketType type = packet.type();
        StringBuilder out = new StringBuilder(capacityFor(packet));
        out.append(type.code());
        // The attachment count goes before the namespace but is known only after the data: inserted here below.
        int countAt = out.length();
        if (!"/".equals(packet.namespace())) {
            out.append(packet.namespace()).append(',');
        }
        if (packet.hasId()) {
            out.append(packet.id());
        }
        List<byte[]> attachments = List.of();
        if (packet.data() != null) {
            // Only EVENT and ACK have binary forms (socket.io-parser); elsewhere bytes stay in the JSON (base64).
            boolean binaryAllowed = type == PacketType.EVENT || type == PacketType.ACK || type.isBinary();
            JsonDataWriter writer = new JsonDataWriter(mapper, direct, binaryAllowed, out);
            writer.write(packet.data());
            attachments = writer.attachments();
        }
        if (!attachments.isEmpty()) {
            type = type == PacketType.ACK ? PacketType.BINARY_ACK : type == PacketType.EVENT ? PacketType.BINARY_EVENT : type;
            out.setCharAt(0, (char) ('0' + type.code()));
        }
        if (type.isBinary()) {
            out.insert(countAt, attachments.size()).insert(countAt + digits(attachments.size()), '-');
        }
        return new EncodedPacket(out.toString(), attachments);
    }

    /**
     * The builder's first capacity: the header and, for an event's list, its strings' lengths plus quotes and
     * commas, so that a typical event ({@code ["message-back","<50 chars>"]}) is written without the builder
     * growing (a copy of its array) on the way. Escapes and other values may still make it grow.
     */
    private static int capacityFor(Packet packet) {
        int capacity = 24 + packet.namespace().length();
        if (packet.data() instanceof List<?> list) {
            for (int i = 0, n = Math.min(list.size(), 16); i < n; i++) {
                capacity += list.get(i) instanceof String s ? s.length() + 3 : 8;
            }
        }
        return Math.min(capacity, 8192);
    }

    private static int digits(int n) {
        return n < 10 ? 1 : String.valueOf(n).length();
    }

    @Override
    public Decoder newDecoder() {
        return new JsonDecoder();
    }

    /** Converts a JSON tree to plain Java values (the path of mappers without Jackson's default features). */
    private static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode item : node) {
                list.add(toJava(item));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            map.put(e.getKey(), toJava(e.getValue()));
        }
        return map;
    }

    /**
     * The header of a packet ({@code <type>[<attachments>-][<namespace>,][<ack id>]}) is read into these
     * fields rather than into an object per packet; then the JSON data, straight to Java values.
     */
    private final class JsonDecoder implements Decoder {
        private PacketType type;
        private int attachments;
        private String namespace;
        private long id;
        private int dataStart;
        private Packet pending;
        private List<byte[]> received;

        @Override
        public Packet decode(String text) throws SocketIoParseException {
            if (pending != null) {
                throw new SocketIoParseException("text packet while awaiting binary attachments");
            }
            parseHeader(text);
            boolean hasData = dataStart < text.length();
            Object data = hasData ? parseData(text) : null;
            if (!isValid(type, hasData, data)) {
                throw new SocketIoParseException("invalid payload for " + type);
            }
            Packet packet = new Packet(type, namespace, id, data);
            if (attachments > 0) {
                pending = packet;
                received = new ArrayList<>(attachments);
                return null;
            }
            return packet;
        }

        @Override
        public Packet decode(byte[] binary) throws SocketIoParseException {
            if (pending == null) {
                throw new SocketIoParseException("unexpected binary message");
            }
            received.add(binary);
            if (received.size() < attachments) {
                return null;
            }
            Packet packet = pending;
            List<byte[]> all = received;
            pending = null;
            received = null;
            return new Packet(packet.type(), packet.namespace(), packet.id(), BinaryPlaceholders.resolve(packet.data(), all));
        }

        private Object parseData(String s) throws SocketIoParseException {
            if (direct) {
                // A reader per packet, not per decoder: 40 bytes of garbage per message rather than 40 bytes of
                // heap per idle connection (its fields are the position in the text being read).
                return new JsonValueReader(strings, constraints.getMaxNestingDepth(), constraints.getMaxNumberLength())
                        .read(s, dataStart);
            }
            JsonNode tree;
            try {
                tree = strictReader.readTree(s.substring(dataStart));
            } catch (JsonProcessingException e) {
                throw new SocketIoParseException("invalid payload");
            }
            if (tree == null || tree.isMissingNode()) {
                throw new SocketIoParseException("invalid payload");
            }
            return toJava(tree);
        }

        private void parseHeader(String s) throws SocketIoParseException {
            if (s.isEmpty()) {
                throw new SocketIoParseException("empty packet");
            }
            type = PacketType.ofCode(s.charAt(0) - '0');
            if (type == null) {
                throw new SocketIoParseException("unknown packet type " + s.charAt(0));
            }
            int i = 1;
            attachments = 0;
            if (type.isBinary()) {
                int dash = s.indexOf('-', i);
                if (dash < 0 || dash == i || dash - i > 9) {
                    throw new SocketIoParseException("illegal attachments");
                }
                for (int k = i; k < dash; k++) {
                    if (!Character.isDigit(s.charAt(k))) {
                        throw new SocketIoParseException("illegal attachments");
                    }
                }
                attachments = Integer.parseInt(s, i, dash, 10);
                if (attachments > maxAttachments) {
                    throw new SocketIoParseException("too many attachments: " + attachments);
                }
                i = dash + 1;
            }
            namespace = "/";
            if (i < s.length() && s.charAt(i) == '/') {
                int comma = s.indexOf(',', i);
                int end = comma < 0 ? s.length() : comma;
                namespace = strings.get(s, i, end);
                i = comma < 0 ? end : comma + 1;
            }
            id = Packet.NO_ID;
            int idStart = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i > idStart) {
                if (i - idStart > MAX_ID_DIGITS) {
                    throw new SocketIoParseException("illegal ack id");
                }
                id = Long.parseLong(s, idStart, i, 10);
            }
            dataStart = i;
        }
    }

    /** socket.io-parser's rules for each type's data ({@code hasData} tells a JSON null from no data). */
    private static boolean isValid(PacketType type, boolean hasData, Object data) {
        return switch (type) {
            case CONNECT -> !hasData || data instanceof Map;
            case DISCONNECT -> !hasData;
            case CONNECT_ERROR -> data instanceof String || data instanceof Map;
            case EVENT, BINARY_EVENT -> data instanceof List<?> list && !list.isEmpty()
                    && (list.get(0) instanceof Number || list.get(0) instanceof String name && !RESERVED_EVENTS.contains(name));
            case ACK, BINARY_ACK -> data instanceof List;
        };
    }
}
