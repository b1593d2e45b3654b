package dev.parley.websocket;

/**
 * WebSocket close status codes (RFC 6455 §7.4) and which of them may be sent or received.
 *
 * <p>Legality is split by direction, as the JDK's client does: some codes are registered but reserved for
 * reporting only (1005, 1006, 1015) and never appear on the wire.
 */
public final class CloseCodes {
    /** RFC 6455 §7.4.1: normal closure. */
    public static final int NORMAL_CLOSURE = 1000;
    /** RFC 6455 §7.4.1: endpoint going away (server shutdown, page navigation). */
    public static final int GOING_AWAY = 1001;
    /** RFC 6455 §7.4.1: protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** RFC 6455 §7.4.1: data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** RFC 6455 §7.4.1: reserved; reported when a close frame carried no status code, never sent. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** RFC 6455 §7.4.1: reserved; reported when the connection dropped without a close frame, never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** RFC 6455 §7.4.1: message data inconsistent with its type (invalid UTF-8 in a text message). */
    public static final int INVALID_PAYLOAD = 1007;
    /** RFC 6455 §7.4.1: message violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** RFC 6455 §7.4.1: message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** RFC 6455 §7.4.1: client expected an extension the server did not negotiate (client use only). */
    public static final int MANDATORY_EXTENSION = 1010;
    /** RFC 6455 §7.4.1: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** IANA registry: service restart. */
    public static final int SERVICE_RESTART = 1012;
    /** IANA registry: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** IANA registry: bad gateway. */
    public static final int BAD_GATEWAY = 1014;
    /** RFC 6455 §7.4.1: reserved; reported on a TLS handshake failure, never sent. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {
    }

    /**
     * Whether a peer may put {@code code} in a close frame that we receive (RFC 6455 §7.4.1, §7.4.2):
     * 1000-1003, 1007-1014, and the ranges 3000-3999 (registered) and 4000-4999 (private use).
     */
    public static boolean isValidReceived(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Whether this server may send {@code code}. As {@link #isValidReceived}, less 1010, which only a
     * client sends (RFC 6455 §7.4.1).
     */
    public static boolean isValidToSend(int code) {
        return code != MANDATORY_EXTENSION && isValidReceived(code);
    }
}
