package dev.parley.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits and options of the WebSocket layer. Immutable; build with {@link #builder()}.
 *
 * @param maxFrameSize largest frame payload accepted, in bytes; a bigger frame is failed with 1009 at its
 *     header. Default: the message limit, so that any message within it may come in one frame.
 * @param maxMessageSize largest message accepted after reassembly and decompression, in bytes; a message
 *     of exactly this size is accepted, one byte more fails with 1009. Default {@value #DEFAULT_MAX_MESSAGE_SIZE}.
 * @param maxBufferedAmount outbound bytes queued for one session above which {@link #slowConsumerPolicy}
 *     applies. Default {@value #DEFAULT_MAX_BUFFERED_AMOUNT}.
 * @param slowConsumerPolicy what to do with a message that would exceed {@code maxBufferedAmount}.
 * @param closeTimeout how long to wait for the peer's close frame after sending ours, before closing TCP.
 *     Default 5 seconds.
 * @param idleTimeout a session that neither sends nor receives for this long is closed with 1001;
 *     zero disables it (the default, as in {@code ws}).
 * @param permessageDeflate whether to accept permessage-deflate offers (RFC 7692). Default false, as in
 *     socket.io: zlib state is the largest per-connection cost.
 * @param deflateThreshold messages smaller than this many bytes are sent uncompressed. Default
 *     {@value #DEFAULT_DEFLATE_THRESHOLD}.
 * @param deflateLevel zlib level 0-9 for outgoing messages. Default {@value #DEFAULT_DEFLATE_LEVEL}.
 * @param allowedOrigins origins a browser may connect from; empty means same-origin only (and clients
 *     that send no Origin, which are not browsers); {@code "*"} allows any.
 * @param inboundQueueLimit bytes of received messages waiting for a busy handler above which the session
 *     stops reading from its socket until the handler catches up. Default
 *     {@value #DEFAULT_INBOUND_QUEUE_LIMIT}.
 * @param observer watches every WebSocket of the server for monitoring; {@link WebSocketObserver#NONE} (the
 *     default) observes nothing. Taken from the server's config only, never from an endpoint's own.
 */
public record WebSocketConfig(
        long maxFrameSize,
        long maxMessageSize,
        long maxBufferedAmount,
        SlowConsumerPolicy slowConsumerPolicy,
        Duration closeTimeout,
        Duration idleTimeout,
        boolean permessageDeflate,
        int deflateThreshold,
        int deflateLevel,
        List<String> allowedOrigins,
        long inboundQueueLimit,
        WebSocketObserver observer) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
    public static final long DEFAULT_MAX_BUFFERED_AMOUNT = 4_194_304;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_DEFLATE_THRESHOLD = 1024;
    public static final int DEFAULT_DEFLATE_LEVEL = 6;
    public static final long DEFAULT_INBOUND_QUEUE_LIMIT = 1_048_576;

    public WebSocketConfig {
        if (maxMessageSize < 0 || maxFrameSize < 0 || maxBufferedAmount < 0 || inboundQueueLimit < 0) {
            throw new IllegalArgumentException("Limits must not be negative");
        }
        if (deflateLevel < 0 || deflateLevel > 9) {
            throw new IllegalArgumentException("deflateLevel must be 0-9, not " + deflateLevel);
        }
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(observer, "observer");
    }

    /** The defaults documented on each component. */
    public static WebSocketConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxFrameSize = maxFrameSize;
        b.maxMessageSize = maxMessageSize;
        b.maxBufferedAmount = maxBufferedAmount;
        b.slowConsumerPolicy = slowConsumerPolicy;
        b.closeTimeout = closeTimeout;
        b.idleTimeout = idleTimeout;
        b.permessageDeflate = permessageDeflate;
        b.deflateThreshold = deflateThreshold;
        b.deflateLevel = deflateLevel;
        b.allowedOrigins = allowedOrigins;
        b.inboundQueueLimit = inboundQueueLimit;
        b.observer = observer;
        return b;
    }

    /** What happens to a message sent to a session whose outbound buffer is over its limit. */
    public enum SlowConsumerPolicy {
        /** Close the session with 1008 (policy violation): the client cannot keep up. The default. */
        CLOSE,
        /** Drop the message; the send's {@code CompletionStage} fails with {@link MessageDroppedException}. */
        DROP
    }

    /** Builder of {@link WebSocketConfig}. */
    public static final class Builder {
        private Long maxFrameSize;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private long maxBufferedAmount = DEFAULT_MAX_BUFFERED_AMOUNT;
        private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.CLOSE;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private Duration idleTimeout = Duration.ZERO;
        private boolean permessageDeflate;
        private int deflateThreshold = DEFAULT_DEFLATE_THRESHOLD;
        private int deflateLevel = DEFAULT_DEFLATE_LEVEL;
        private List<String> allowedOrigins = List.of();
        private long inboundQueueLimit = DEFAULT_INBOUND_QUEUE_LIMIT;
        private WebSocketObserver observer = WebSocketObserver.NONE;

        private Builder() {
        }

        public Builder maxFrameSize(long bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder maxBufferedAmount(long bytes) {
            this.maxBufferedAmount = bytes;
            return this;
        }

        public Builder slowConsumerPolicy(SlowConsumerPolicy policy) {
            this.slowConsumerPolicy = policy;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder permessageDeflate(boolean enabled) {
            this.permessageDeflate = enabled;
            return this;
        }

        public Builder deflateThreshold(int bytes) {
            this.deflateThreshold = bytes;
            return this;
        }

        public Builder deflateLevel(int level) {
            this.deflateLevel = level;
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins;
            return this;
        }

        public Builder inboundQueueLimit(long bytes) {
            this.inboundQueueLimit = bytes;
            return this;
        }

        /** Watches every WebSocket of the server (metrics); default {@link WebSocketObserver#NONE}. */
        public Builder observer(WebSocketObserver observer) {
            this.observer = observer;
            return this;
        }

        public WebSocketConfig build() {
            long frame = maxFrameSize != null ? maxFrameSize : maxMessageSize;
            return new WebSocketConfig(frame, maxMessageSize, maxBufferedAmount, slowConsumerPolicy, closeTimeout,
                    idleTimeout, permessageDeflate, deflateThreshold, deflateLevel, allowedOrigins, inboundQueueLimit,
                    observer);
        }
    }
}
