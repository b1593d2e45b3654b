package dev.parley.push.sse;

import dev.parley.push.SubscribeAuthorizer;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Server-Sent Events subscribers ({@link SseSubscribers}). Immutable; build with
 * {@link #builder()}.
 *
 * @param path where the streams are served. Default {@value #DEFAULT_PATH}.
 * @param heartbeat how often every open stream gets a comment line, so that proxies and the browser see it
 *     alive and a vanished client is noticed. Default 15 s.
 * @param retry the reconnection delay the stream asks of the browser ({@code retry:}). Default 2 s.
 * @param maxTopics topics one stream may ask for ({@code topic} parameters); 400 above. Default
 *     {@value #DEFAULT_MAX_TOPICS}.
 * @param maxStreams open streams in total; 503 above. Default {@value #DEFAULT_MAX_STREAMS}.
 * @param maxStreamsPerAddress open streams from one client address (the forwarded one behind a trusted proxy);
 *     429 above. Default {@value #DEFAULT_MAX_STREAMS_PER_ADDRESS}.
 * @param maxBufferedBytes bytes written to a stream and not yet taken by its client before it is closed as a
 *     slow consumer (the client reconnects and resumes from its last id). Default
 *     {@value #DEFAULT_MAX_BUFFERED_BYTES}.
 * @param maxReplayBytes the events a (re)connecting stream is sent from the history, at most this many bytes;
 *     when more are retained, the oldest are left out and the stream is told of a gap for their topics. At most
 *     half of {@code maxBufferedBytes}. Default {@value #DEFAULT_MAX_REPLAY_BYTES}.
 * @param authorizer who may subscribe to which topic. Default {@link SubscribeAuthorizer#PUBLIC}.
 */
public record SseOptions(String path, Duration heartbeat, Duration retry, int maxTopics, int maxStreams,
        int maxStreamsPerAddress, long maxBufferedBytes, long maxReplayBytes, SubscribeAuthorizer authorizer) {
    public static final String DEFAULT_PATH = "/sse";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_TOPICS = 32;
    public static final int DEFAULT_MAX_STREAMS = 50_000;
    public static final int DEFAULT_MAX_STREAMS_PER_ADDRESS = 100;
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 1_048_576;
    public static final long DEFAULT_MAX_REPLAY_BYTES = 512 * 1024;

    public SseOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(authorizer, "authorizer");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || retry.isNegative()) {
            throw new IllegalArgumentException("heartbeat must be positive, retry not negative");
        }
        if (maxTopics < 1 || maxStreams < 1 || maxStreamsPerAddress < 1) {
            throw new IllegalArgumentException("maxTopics, maxStreams and maxStreamsPerAddress must be positive");
        }
        if (maxReplayBytes < 1 || maxReplayBytes > maxBufferedBytes / 2) {
            throw new IllegalArgumentException("maxReplayBytes must be between 1 and half of maxBufferedBytes ("
                    + maxBufferedBytes / 2 + "): " + maxReplayBytes);
        }
    }

    public static SseOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link SseOptions}. */
    public static final class Builder {
        private String path = DEFAULT_PATH;
        private Duration heartbeat = DEFAULT_HEARTBEAT;
        private Duration retry = DEFAULT_RETRY;
        private int maxTopics = DEFAULT_MAX_TOPICS;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private int maxStreamsPerAddress = DEFAULT_MAX_STREAMS_PER_ADDRESS;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private long maxReplayBytes = DEFAULT_MAX_REPLAY_BYTES;
        private SubscribeAuthorizer authorizer = SubscribeAuthorizer.PUBLIC;

        private Builder() {
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder heartbeat(Duration every) {
            this.heartbeat = every;
            return this;
        }

        public Builder retry(Duration delay) {
            this.retry = delay;
            return this;
        }

        public Builder maxTopics(int topics) {
            this.maxTopics = topics;
            return this;
        }

        public Builder maxStreams(int streams) {
            this.maxStreams = streams;
            return this;
        }

        public Builder maxStreamsPerAddress(int streams) {
            this.maxStreamsPerAddress = streams;
            return this;
        }

        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        public Builder maxReplayBytes(long bytes) {
            this.maxReplayBytes = bytes;
            return this;
        }

        public Builder authorizer(SubscribeAuthorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        public SseOptions build() {
            return new SseOptions(path, heartbeat, retry, maxTopics, maxStreams, maxStreamsPerAddress,
                    maxBufferedBytes, maxReplayBytes, authorizer);
        }
    }
}
