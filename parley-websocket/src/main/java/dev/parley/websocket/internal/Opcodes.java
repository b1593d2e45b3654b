package dev.parley.websocket.internal;

/** Frame opcodes and header bits (RFC 6455 §5.2). */
public final class Opcodes {
    /** RFC 6455 §5.2: continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** RFC 6455 §5.2: text frame. */
    public static final int TEXT = 0x1;
    /** RFC 6455 §5.2: binary frame. */
    public static final int BINARY = 0x2;
    /** RFC 6455 §5.2: connection close. */
    public static final int CLOSE = 0x8;
    /** RFC 6455 §5.2: ping. */
    public static final int PING = 0x9;
    /** RFC 6455 §5.2: pong. */
    public static final int PONG = 0xA;

    /** RFC 6455 §5.2: FIN bit of the first header byte. */
    public static final int FIN = 0x80;
    /** RFC 6455 §5.2: RSV1, used by permessage-deflate (RFC 7692 §6). */
    public static final int RSV1 = 0x40;
    /** RFC 6455 §5.2: RSV2 and RSV3, meaningful to no extension that Parley negotiates. */
    public static final int RSV2_RSV3 = 0x30;
    /** RFC 6455 §5.2: MASK bit of the second header byte. */
    public static final int MASK = 0x80;
    /** RFC 6455 §5.5: control frames carry at most 125 payload bytes. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private Opcodes() {
    }

    /** Control frames have the most significant opcode bit set (RFC 6455 §5.5). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** Whether the opcode is defined by RFC 6455 §5.2 (the rest are reserved). */
    public static boolean isKnown(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }
}
