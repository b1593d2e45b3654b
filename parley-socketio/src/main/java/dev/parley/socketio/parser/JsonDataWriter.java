package dev.parley.socketio.parser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Writes a packet's data as JSON into the packet's {@code StringBuilder}, cutting binary values out as
 * attachments (placeholders {@code {"_placeholder":true,"num":N}}) when the packet may have them. The plain
 * values that events carry ({@code String}, {@code Boolean}, integral numbers, finite {@code Double} and
 * {@code Float}, {@code List}, {@code Map} with string keys, {@code byte[]}, null) are written directly, the
 * way Jackson would write them with its default features; anything else (records, beans, sets, ...) goes
 * through the ObjectMapper, as its tree, so its serializers and binary values are honoured. With an
 * ObjectMapper whose features are not Jackson's defaults ({@code direct == false}) everything does. One
 * instance per packet.
 */
final class JsonDataWriter {
    // Jackson's escapes (CharTypes.sOutputEscapes128): short forms for these, backslash-u00XX for other controls.
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final ObjectMapper mapper;
    private final boolean direct;
    private final boolean binaryAllowed;
    private final StringBuilder out;
    private List<byte[]> attachments = List.of();

    JsonDataWriter(ObjectMapper mapper, boolean direct, boolean binaryAllowed, StringBuilder out) {
        this.mapper = mapper;
        this.direct = direct;
        this.binaryAllowed = binaryAllowed;
        this.out = out;
    }

    /** The binary values cut out so far, in placeholder order (an immutable empty list when none). */
    List<byte[]> attachments() {
        return attachments;
    }

    void write(Object value) {
        if (!direct) {
            writeWithMapper(value);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Double d && Double.isFinite(d)) {
            out.append(d.doubleValue());
        } else if (value instanceof Float f && Float.isFinite(f)) {
            out.append(f.floatValue());
        } else if (value instanceof byte[] bytes && binaryAllowed) {
            writePlaceholder(bytes);
        } else if (value instanceof List<?> list) {
            writeList(list);
        } else if (!(value instanceof Map<?, ?> map) || !writeMap(map)) {
            writeWithMapper(value);
        }
    }

    private void writeList(List<?> list) {
        out.append('[');
        if (list instanceof RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i));
            }
        } else {
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item);
            }
        }
        out.append(']');
    }

    /** False, with nothing written, when a key is not a string: the mapper decides about such maps. */
    private boolean writeMap(Map<?, ?> map) {
        int mark = out.length();
        int attachmentMark = attachments.size();
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                out.setLength(mark);
                if (attachments.size() > attachmentMark) {
                    attachments.subList(attachmentMark, attachments.size()).clear();
                }
                return false;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(key);
            out.append(':');
            write(e.getValue());
        }
        out.append('}');
        return true;
    }

    private void writePlaceholder(byte[] bytes) {
        out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
        addAttachment(bytes);
    }

    private void addAttachment(byte[] bytes) {
        if (attachments.isEmpty()) {
            attachments = new ArrayList<>(2);
        }
        attachments.add(bytes);
    }

    private void writeString(String s) {
        out.append('"');
        int from = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            from = i + 1;
        }
        out.append(s, from, s.length()).append('"');
    }

    private void writeWithMapper(Object value) {
        JsonNode tree = mapper.valueToTree(value);
        // Only EVENT and ACK have binary forms (socket.io-parser); elsewhere bytes stay in the JSON (base64).
        if (binaryAllowed) {
            tree = extractBinary(tree);
        }
        try {
            out.append(mapper.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize packet data", e);
        }
    }

    private JsonNode extractBinary(JsonNode node) {
        if (node.isBinary()) {
            ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            try {
                addAttachment(node.binaryValue());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return placeholder;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, extractBinary(array.get(i)));
            }
        } else if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            fields.forEachRemaining(entries::add);
            for (Map.Entry<String, JsonNode> e : entries) {
                object.set(e.getKey(), extractBinary(e.getValue()));
            }
        }
        return node;
    }
}
