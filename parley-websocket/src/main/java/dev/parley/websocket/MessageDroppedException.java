package dev.parley.websocket;

/**
 * Completes a send exceptionally when the session's outbound buffer was over
 * {@link WebSocketConfig#maxBufferedAmount()} and the policy is {@link WebSocketConfig.SlowConsumerPolicy#DROP}.
 */
public final class MessageDroppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageDroppedException(String message) {
        super(message);
    }
}
