package dev.parley.benchmarks.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Engine.IO v4 and Socket.IO v5 packets the generator writes and recognizes, over the text of one
 * WebSocket message. A Socket.IO packet is {@code <type>[<namespace>,][<ack id>][<JSON data>]} inside an
 * Engine.IO message {@code 4...} (Socket.IO protocol v5, "Packet encoding"). Syntax only: pure functions
 * over buffers; payloads are never parsed as JSON, to keep the generator's CPU for load.
 */
final class SocketIoWire {
    // Engine.IO protocol v4, "Packet encoding": the packet type is the first character.
    static final int OPEN = '0';
    static final int CLOSE = '1';
    static final int PING = '2';
    static final int PONG = '3';
    static final int MESSAGE = '4';
    static final int NOOP = '6';

    // Socket.IO protocol v5, "Packet types": the character after the Engine.IO message type.
    static final int CONNECT = '0';
    static final int DISCONNECT = '1';
    static final int EVENT = '2';
    static final int ACK = '3';
    static final int CONNECT_ERROR = '4';

    /** Engine.IO v4: the client answers each ping with a pong. */
    static final byte[] PONG_PACKET = {PONG};
    /** Socket.IO v5: CONNECT to the main namespace, without auth data. */
    static final byte[] CONNECT_PACKET = {MESSAGE, CONNECT};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** CONNECT to {@code namespace}: {@code 40} for {@code /}, {@code 40/name,} for another (Socket.IO v5). */
    static byte[] connectPacket(String namespace) {
        if (namespace.equals("/")) {
            return CONNECT_PACKET.clone();
        }
        if (!namespace.startsWith("/") || namespace.contains(",")) {
            throw new IllegalArgumentException("a namespace starts with / and has no comma: " + namespace);
        }
        return ("" + (char) MESSAGE + (char) CONNECT + namespace + ",").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * CONNECT to {@code namespace} with auth data, a JSON object: {@code 40{"token":"x"}} for {@code /},
     * {@code 40/name,{...}} for another (Socket.IO v5, "CONNECT": the payload is the auth object).
     */
    static byte[] connectPacket(String namespace, String authJson) {
        if (!authJson.startsWith("{")) {
            throw new IllegalArgumentException("auth data is a JSON object, not " + authJson);
        }
        byte[] prefix = connectPacket(namespace);
        return (new String(prefix, StandardCharsets.UTF_8) + authJson).getBytes(StandardCharsets.UTF_8);
    }

    private SocketIoWire() {
    }

    /** The Engine.IO packet type (a character), or -1 for an empty message. */
    static int engineType(ByteBuf text) {
        return text.isReadable() ? text.getByte(text.readerIndex()) : -1;
    }

    /** The Socket.IO packet type of an Engine.IO message (a character), or -1. */
    static int socketType(ByteBuf text) {
        return text.readableBytes() >= 2 ? text.getByte(text.readerIndex() + 1) : -1;
    }

    /** The ack id of a Socket.IO packet, or -1 if it has none. */
    static long ackId(ByteBuf text) {
        int i = afterNamespace(text);
        int end = text.writerIndex();
        long id = -1;
        while (i < end && Character.isDigit(text.getByte(i))) {
            id = (id < 0 ? 0 : id * 10) + (text.getByte(i) - '0');
            i++;
        }
        return id;
    }

    /** Whether a Socket.IO EVENT's name, its data's first element, is the one of {@code namePrefix}. */
    static boolean isEvent(ByteBuf text, byte[] namePrefix) {
        return afterEventName(text, namePrefix) >= 0;
    }

    /**
     * If a Socket.IO EVENT's name is the one of {@code namePrefix}, the index just after the name, at the
     * {@code ,} before the arguments or the closing {@code ]}; otherwise -1.
     */
    static int afterEventName(ByteBuf text, byte[] namePrefix) {
        int i = afterNamespace(text);
        int end = text.writerIndex();
        while (i < end && Character.isDigit(text.getByte(i))) {
            i++;
        }
        if (end - i <= namePrefix.length) {
            return -1;
        }
        for (int k = 0; k < namePrefix.length; k++) {
            if (text.getByte(i + k) != namePrefix[k]) {
                return -1;
            }
        }
        int after = i + namePrefix.length;
        byte next = text.getByte(after);
        return next == ',' || next == ']' ? after : -1;
    }

    /** What {@link #isEvent} compares: {@code ["name"}. */
    static byte[] namePrefix(String event) {
        String array = json(List.of(event));
        return array.substring(0, array.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    /** An EVENT without ack of the main namespace: {@code 42["name","argument",...]}. */
    static byte[] event(String name, String... arguments) {
        List<String> data = new ArrayList<>(arguments.length + 1);
        data.add(name);
        data.addAll(List.of(arguments));
        return ("" + (char) MESSAGE + (char) EVENT + json(data)).getBytes(StandardCharsets.UTF_8);
    }

    /** The data of an EVENT, {@code ["name","argument"]}, to follow {@code 42<id>}. */
    static byte[] eventData(String name, String argument) {
        return json(List.of(name, argument)).getBytes(StandardCharsets.UTF_8);
    }

    /** Writes an EVENT that asks for an ack: {@code 42<id>} then {@code data}. */
    static void writeEventWithAck(ByteBuf out, long id, byte[] data) {
        out.writeByte(MESSAGE).writeByte(EVENT);
        out.writeCharSequence(Long.toString(id), StandardCharsets.US_ASCII);
        out.writeBytes(data);
    }

    /**
     * The {@code pingInterval} of an Engine.IO open packet {@code 0{"sid":...,"pingInterval":25000,...}},
     * or 0 if it has none (Engine.IO v4, "Handshake").
     */
    static long pingInterval(String openPacket) {
        try {
            JsonNode open = JSON.readTree(openPacket.substring(1));
            return open.path("pingInterval").asLong(0);
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    /** The index after the type and the namespace ({@code /name,}), if any. */
    private static int afterNamespace(ByteBuf text) {
        int i = text.readerIndex() + 2;
        int end = text.writerIndex();
        if (i < end && text.getByte(i) == '/') {
            while (i < end && text.getByte(i) != ',') {
                i++;
            }
            i++;
        }
        return i;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
