package dev.parley.websocket;

/**
 * A violation of RFC 6455/7692 by the peer, or of a configured limit. Carries the close code that the
 * connection is failed with (1002, 1007, 1009...), so that one failure path sends the right close frame.
 */
public final class WebSocketProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int closeCode;

    public WebSocketProtocolException(int closeCode, String reason) {
        super(reason);
        this.closeCode = closeCode;
    }

    /** The close code sent to the peer. */
    public int closeCode() {
        return closeCode;
    }
}
