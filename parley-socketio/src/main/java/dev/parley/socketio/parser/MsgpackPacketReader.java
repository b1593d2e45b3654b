package dev.parley.socketio.parser;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.ExtensionTypeHeader;

/**
 * Reads one socket.io-msgpack-parser packet from one binary message, within bounds: every length a header
 * declares is checked against the bytes left before anything is allocated for it, nesting is limited, and
 * the map must end the message. Values become the parser's plain Java values; notepack's extensions (the
 * encoder of socket.io-msgpack-parser) are understood: {@code fixext 1} type 0 is JavaScript's
 * {@code undefined} (left out of maps, null in arrays, absent as the packet's data or id), {@code fixext 8}
 * type 0 a Date (its epoch milliseconds, an {@code Integer} when it fits, else a {@code Long}, as any integer), {@code ext 8/16/32} type 0 an ArrayBuffer (a
 * {@code byte[]}); other extensions become {@code [type, byte[]]}. Pure: no state, no I/O.
 */
final class MsgpackPacketReader {
    // Event names the client may not use (as JsonParser): they are the server's own lifecycle events.
    private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");
    /** notepack's {@code undefined}. */
    private static final Object UNDEFINED = new Object();
    private static final Object ABSENT = new Object();

    private final MessageUnpacker in;
    private final long length;
    private final int maxDepth;

    private MsgpackPacketReader(byte[] message, int maxDepth) {
        this.in = MessagePack.newDefaultUnpacker(message);
        this.length = message.length;
        this.maxDepth = maxDepth;
    }

    static Packet read(byte[] message, int maxDepth) throws SocketIoParseException {
        try {
            return new MsgpackPacketReader(message, maxDepth).packet();
        } catch (IOException | RuntimeException e) {
            // msgpack-core's own errors (truncated input, a never-used byte, an overflowing length):
            // whatever the client sent, it is a parse error, never an exception for the caller.
            throw new SocketIoParseException("invalid MessagePack: " + e.getClass().getSimpleName());
        }
    }

    private Packet packet() throws IOException, SocketIoParseException {
        if (!in.hasNext() || in.getNextFormat().getValueType() != org.msgpack.value.ValueType.MAP) {
            throw new SocketIoParseException("a packet is a MessagePack map");
        }
        int entries = in.unpackMapHeader();
        require(2L * entries);
        Object type = ABSENT;
        Object nsp = ABSENT;
        Object data = ABSENT;
        Object id = ABSENT;
        for (int i = 0; i < entries; i++) {
            Object key = value(1);
            Object value = value(1);
            if ("type".equals(key)) {
                type = value;
            } else if ("nsp".equals(key)) {
                nsp = value;
            } else if ("data".equals(key)) {
                data = value;
            } else if ("id".equals(key)) {
                id = value;
            } // other keys (the client's "options") are not part of the protocol
        }
        if (in.hasNext()) {
            throw new SocketIoParseException("bytes after the packet");
        }
        return validated(type, nsp, data == UNDEFINED ? ABSENT : data, id == UNDEFINED ? ABSENT : id);
    }

    /** socket.io-msgpack-parser's checks (type, namespace, payload shape, ack id), and JsonParser's on events. */
    private static Packet validated(Object type, Object nsp, Object data, Object id) throws SocketIoParseException {
        PacketType packetType = type instanceof Integer code ? PacketType.ofCode(code) : null;
        if (packetType == null || packetType.isBinary()) {
            throw new SocketIoParseException("invalid packet type");
        }
        if (!(nsp instanceof String namespace)) {
            throw new SocketIoParseException("invalid namespace");
        }
        boolean valid = switch (packetType) {
            case CONNECT -> data == ABSENT || data instanceof Map<?, ?>;
            case DISCONNECT -> data == ABSENT;
            case CONNECT_ERROR -> data instanceof String || data instanceof Map<?, ?>;
            case EVENT -> data instanceof List<?> list && !list.isEmpty() && (list.get(0) instanceof Number
                    || list.get(0) instanceof String name && !RESERVED_EVENTS.contains(name));
            default -> data instanceof List<?>;
        };
        if (!valid) {
            throw new SocketIoParseException("invalid payload for " + packetType);
        }
        long ackId = Packet.NO_ID;
        if (id != ABSENT) {
            if (!(id instanceof Integer || id instanceof Long) || ((Number) id).longValue() < 0) {
                throw new SocketIoParseException("invalid packet id");
            }
            ackId = ((Number) id).longValue();
        }
        return new Packet(packetType, namespace, ackId, data == ABSENT ? null : data);
    }

    private Object value(int depth) throws IOException, SocketIoParseException {
        if (depth > maxDepth) {
            throw new SocketIoParseException("nesting deeper than " + maxDepth);
        }
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                in.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return in.unpackBoolean();
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() < 64 ? narrow(big.longValue()) : big;
                }
                return narrow(in.unpackLong());
            }
            case FLOAT -> {
                return in.unpackDouble();
            }
            case STRING -> {
                return utf8(payload(in.unpackRawStringHeader()));
            }
            case BINARY -> {
                return payload(in.unpackBinaryHeader());
            }
            case ARRAY -> {
                return array(depth);
            }
            case MAP -> {
                return map(depth);
            }
            default -> {
                return extension(format);
            }
        }
    }

    private List<Object> array(int depth) throws IOException, SocketIoParseException {
        int size = in.unpackArrayHeader();
        require(size); // each element takes at least one byte
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Object item = value(depth + 1);
            list.add(item == UNDEFINED ? null : item);
        }
        return list;
    }

    private Map<String, Object> map(int depth) throws IOException, SocketIoParseException {
        int size = in.unpackMapHeader();
        require(2L * size); // a key and a value, at least one byte each
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            Object key = value(depth + 1);
            if (key instanceof List<?> || key instanceof Map<?, ?> || key instanceof byte[] || key == UNDEFINED) {
                throw new SocketIoParseException("map key that is not a string or number");
            }
            Object item = value(depth + 1);
            if (item != UNDEFINED) {
                map.put(String.valueOf(key), item);
            }
        }
        return map;
    }

    private Object extension(MessageFormat format) throws IOException, SocketIoParseException {
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        byte[] bytes = payload(header.getLength());
        if (header.getType() != 0) {
            return List.of((int) header.getType(), bytes);
        }
        if (format == MessageFormat.FIXEXT1) {
            return UNDEFINED;
        }
        if (format == MessageFormat.FIXEXT8) {
            ByteBuffer time = ByteBuffer.wrap(bytes);
            // narrowed as any integer, so that the value is the same whether it came as a Date or a number
            return narrow((long) time.getInt() * (1L << 32) + Integer.toUnsignedLong(time.getInt()));
        }
        if (format == MessageFormat.EXT8 || format == MessageFormat.EXT16 || format == MessageFormat.EXT32) {
            return bytes; // an ArrayBuffer or typed array (a browser's binary)
        }
        return List.of(0, bytes);
    }

    /** Reads a payload whose length a header declared, once it is known to fit in what is left. */
    private byte[] payload(int declared) throws IOException, SocketIoParseException {
        require(declared);
        return in.readPayload(declared);
    }

    /** A declared length (of bytes, or of elements taking at least one byte) must fit in the rest. */
    private void require(long declared) throws SocketIoParseException {
        if (declared < 0 || declared > length - in.getTotalReadBytes()) {
            throw new SocketIoParseException("declared length " + declared + " beyond the message");
        }
    }

    /** An Integer when it fits, as Jackson gives JSON numbers (not a ternary: that would box both as Long). */
    private static Object narrow(long value) {
        if (value == (int) value) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }

    private static String utf8(byte[] bytes) throws SocketIoParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SocketIoParseException("string that is not UTF-8");
        }
    }
}
