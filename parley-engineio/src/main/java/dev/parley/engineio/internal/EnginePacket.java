package dev.parley.engineio.internal;

import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO packet (protocol v4): a type and either text or binary data. Binary data exists only for
 * {@link #MESSAGE}. Immutable (the byte array is shared, never modified). {@code shared} links a message
 * prepared for many sessions to its shared WebSocket frame. {@code compress} is the sender's option, as
 * engine.io's {@code send(data, {compress})}: false keeps a message out of permessage-deflate and does not
 * ask for HTTP compression of its polling payload. It is not part of the packet's identity ({@link #equals}).
 */
public record EnginePacket(int type, String text, byte[] binary, PreparedPacket shared, boolean compress) {
    // Engine.IO protocol v4, "Packet encoding": the type is one ASCII digit.
    public static final int OPEN = 0;
    public static final int CLOSE = 1;
    public static final int PING = 2;
    public static final int PONG = 3;
    public static final int MESSAGE = 4;
    public static final int UPGRADE = 5;
    public static final int NOOP = 6;

    public EnginePacket(int type, String text, byte[] binary) {
        this(type, text, binary, null, true);
    }

    public EnginePacket(int type, String text, byte[] binary, PreparedPacket shared) {
        this(type, text, binary, shared, true);
    }

    /** This packet with the sender's compress option; itself when it already has it (no allocation). */
    public EnginePacket withCompress(boolean value) {
        return value == compress ? this : new EnginePacket(type, text, binary, shared, value);
    }

    /**
     * Whether this packet asks for HTTP compression of the polling payload that carries it: messages sent
     * with compress (the default) do, control packets do not, as in engine.io, where only messages carry the
     * option and a payload is compressed if any of its packets asks.
     */
    public boolean asksCompression() {
        return type == MESSAGE && compress;
    }

    public static final EnginePacket PING_PACKET = new EnginePacket(PING, "", null);
    public static final EnginePacket NOOP_PACKET = new EnginePacket(NOOP, "", null);
    public static final EnginePacket CLOSE_PACKET = new EnginePacket(CLOSE, "", null);

    public static EnginePacket message(String text) {
        return new EnginePacket(MESSAGE, text, null);
    }

    public static EnginePacket message(byte[] data) {
        return new EnginePacket(MESSAGE, null, data);
    }

    public static EnginePacket of(int type, String data) {
        return new EnginePacket(type, data, null);
    }

    public boolean isBinary() {
        return binary != null;
    }

    /** Payload size in bytes, for buffer accounting. */
    public int size() {
        return binary != null ? binary.length : text.length();
    }

    @Override
    public String toString() {
        return isBinary() ? "EnginePacket[" + type + ", " + binary.length + " bytes]"
                : "EnginePacket[" + type + text + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket p && p.type == type && java.util.Objects.equals(p.text, text)
                && java.util.Arrays.equals(p.binary, binary);
    }

    @Override
    public int hashCode() {
        return type * 31 + (text != null ? text.hashCode() : java.util.Arrays.hashCode(binary));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
