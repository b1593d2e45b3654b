package dev.parley.socketio.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    public JsonParser(ObjectMapper mapper) {
        this(mapper, DEFAULT_MAX_ATTACHMENTS);
    }

    public JsonParser(ObjectMapper mapper, int maxAttachments) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxAttachments = maxAttachments;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public EncodedPacket encode(Packet packet) {
        List<byte[]> attachments = new ArrayList<>();
        String json = null;
        PacketType type = packet.type();
        if (packet.data() != null) {
            JsonNode tree = mapper.valueToTree(packet.data());
            // Only EVENT and ACK have binary forms (socket.io-parser); elsewhere bytes stay in the JSON (base64).
            if (type == PacketType.EVENT || type == PacketType.ACK || type.isBinary()) {
                tree = extractBinary(tree, attachments);
            }
            try {
                json = mapper.writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Cannot serialize packet data", e);
            }
        }
        if (!attachments.isEmpty()) {
            type = type == PacketType.ACK ? PacketType.BINARY_ACK : type == PacketType.EVENT ? PacketType.BINARY_EVENT : type;
        }
        StringBuilder sb = new StringBuilder(json == null ? 16 : json.length() + 16);
        sb.append(type.code());
        if (type.isBinary()) {
            sb.append(attachments.size()).append('-');
        }
        if (!"/".equals(packet.namespace())) {
            sb.append(packet.namespace()).append(',');
        }
        if (packet.hasId()) {
            sb.append(packet.id());
        }
        if (json != null) {
            sb.append(json);
        }
        return new EncodedPacket(sb.toString(), attachments);
    }

    private static JsonNode extractBinary(JsonNode node, List<byte[]> attachments) {
        if (node.isBinary()) {
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            try {
                attachments.add(node.binaryValue());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return placeholder;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, extractBinary(array.get(i), attachments));
            }
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            fields.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> e : entries) {
                object.set(e.getKey(), extractBinary(e.getValue(), attachments));
            }
        }
        return node;
    }

    @Override
    public Decoder newDecoder() {
        return new JsonDecoder();
    }

    /** Converts a JSON tree to plain Java values, resolving binary placeholders. */
    static Object toJava(JsonNode node, List<byte[]> attachments) throws SocketIoParseException {
        if (node == null || node.isNull() || node.isMissingNode()) {
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
                list.add(toJava(item, attachments));
            }
            return list;
        }
        // Only binary packets have placeholders, and only {"_placeholder":true,"num":<number>} is one
        // (socket.io-parser, reconstructPacket): elsewhere such an object is the application's data.
        if (attachments != null && isPlaceholder(node)) {
            JsonNode numNode = node.get("num");
            int num = numNode.isIntegralNumber() && numNode.canConvertToInt() ? numNode.intValue() : -1;
            if (num < 0 || num >= attachments.size()) {
                throw new SocketIoParseException("placeholder " + num + " without its attachment");
            }
            return attachments.get(num);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            map.put(e.getKey(), toJava(e.getValue(), attachments));
        }
        return map;
    }

    private static boolean isPlaceholder(JsonNode node) {
        JsonNode flag = node.get("_placeholder");
        JsonNode num = node.get("num");
        return flag != null && flag.isBoolean() && flag.booleanValue() && num != null && num.isNumber();
    }

    private final class JsonDecoder implements Decoder {
        private Header pending;
        private JsonNode pendingData;
        private List<byte[]> received;

        @Override
        public Packet decode(String text) throws SocketIoParseException {
            if (pending != null) {
                throw new SocketIoParseException("text packet while awaiting binary attachments");
            }
            Header header = parseHeader(text);
            JsonNode data = parseData(text, header);
            if (header.attachments > 0) {
                pending = header;
                pendingData = data;
                received = new ArrayList<>(header.attachments);
                return null;
            }
            return new Packet(header.type, header.namespace, header.id, toJava(data, null));
        }

        @Override
        public Packet decode(byte[] binary) throws SocketIoParseException {
            if (pending == null) {
                throw new SocketIoParseException("unexpected binary message");
            }
            received.add(binary);
            if (received.size() < pending.attachments) {
                return null;
            }
            Packet packet = new Packet(pending.type, pending.namespace, pending.id, toJava(pendingData, received));
            pending = null;
            pendingData = null;
            received = null;
            return packet;
        }
    }

    private record Header(PacketType type, int attachments, String namespace, long id, int dataStart) {
    }

    private Header parseHeader(String s) throws SocketIoParseException {
        if (s.isEmpty()) {
            throw new SocketIoParseException("empty packet");
        }
        PacketType type = PacketType.ofCode(s.charAt(0) - '0');
        if (type == null) {
            throw new SocketIoParseException("unknown packet type " + s.charAt(0));
        }
        int i = 1;
        int attachments = 0;
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
        String namespace = "/";
        if (i < s.length() && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? s.length() : comma;
            namespace = s.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        long id = Packet.NO_ID;
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
        return new Header(type, attachments, namespace, id, i);
    }

    private JsonNode parseData(String s, Header header) throws SocketIoParseException {
        JsonNode data = null;
        if (header.dataStart < s.length()) {
            try {
                data = strictReader.readTree(s.substring(header.dataStart));
            } catch (JsonProcessingException e) {
                throw new SocketIoParseException("invalid payload");
            }
        }
        if (!isValid(header.type, data)) {
            throw new SocketIoParseException("invalid payload for " + header.type);
        }
        return data;
    }

    private static boolean isValid(PacketType type, JsonNode data) {
        return switch (type) {
            case CONNECT -> data == null || data.isObject();
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null && (data.isTextual() || data.isObject());
            case EVENT, BINARY_EVENT -> data != null && data.isArray() && !data.isEmpty()
                    && (data.get(0).isNumber() || data.get(0).isTextual() && !RESERVED_EVENTS.contains(data.get(0).textValue()));
            case ACK, BINARY_ACK -> data != null && data.isArray();
        };
    }
}
