package dev.parley.push;

/**
 * Bounds of the WebSocket and Socket.IO subscriber transports ({@link WebSocketSubscribers},
 * {@link SocketIoSubscribers}); each is checked before the work it bounds.
 *
 * @param maxSubscriptionsPerConnection topics one connection (one WebSocket, one Socket.IO socket) may follow
 *                                      at once; a subscription past it is refused with
 *                                      {@code too_many_subscriptions}. Default {@value #DEFAULT_MAX_SUBSCRIPTIONS}.
 * @param maxMessageBytes               the largest WebSocket message a subscriber may send (a subscribe with its
 *                                      token); past it the connection is closed with 1009. Default
 *                                      {@value #DEFAULT_MAX_MESSAGE_BYTES}. Socket.IO packets are bounded by the
 *                                      server's {@code maxHttpBufferSize} instead.
 * @param maxReplayBytes                the most event data (UTF-8 bytes) replayed to one subscription when it
 *                                      resumes; a longer backlog is not sent: the subscriber is told of a gap
 *                                      and gets live events only. Keeps a resume below the per-connection
 *                                      outbound limit (4 MiB by default). Default {@value #DEFAULT_MAX_REPLAY_BYTES}.
 */
public record SubscriberOptions(int maxSubscriptionsPerConnection, int maxMessageBytes, long maxReplayBytes) {
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;
    public static final long DEFAULT_MAX_REPLAY_BYTES = 1024 * 1024;

    public SubscriberOptions {
        if (maxSubscriptionsPerConnection < 1 || maxMessageBytes < 64 || maxReplayBytes < 0) {
            throw new IllegalArgumentException("maxSubscriptionsPerConnection >= 1, maxMessageBytes >= 64 and "
                    + "maxReplayBytes >= 0 are required: " + maxSubscriptionsPerConnection + ", " + maxMessageBytes
                    + ", " + maxReplayBytes);
        }
    }

    public static SubscriberOptions defaults() {
        return new SubscriberOptions(DEFAULT_MAX_SUBSCRIPTIONS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_REPLAY_BYTES);
    }

    public SubscriberOptions withMaxSubscriptionsPerConnection(int count) {
        return new SubscriberOptions(count, maxMessageBytes, maxReplayBytes);
    }

    public SubscriberOptions withMaxMessageBytes(int bytes) {
        return new SubscriberOptions(maxSubscriptionsPerConnection, bytes, maxReplayBytes);
    }

    public SubscriberOptions withMaxReplayBytes(long bytes) {
        return new SubscriberOptions(maxSubscriptionsPerConnection, maxMessageBytes, bytes);
    }
}
