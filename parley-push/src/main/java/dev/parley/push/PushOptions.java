package dev.parley.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link PushGateway} is configured with: the hub's bounds ({@link PushConfig}), who may publish
 * over HTTP, which topics are private, and the bounds of the publish endpoint. Immutable; build with
 * {@link #builder()}. The command line's {@code --publish-*}, {@code --private-topics}, {@code --history-*} and
 * {@code --max-topics} map onto it one to one (docs/push.md).
 *
 * @param hub the hub's bounds: history size and age, largest data ({@code --publish-max-size}), topic count
 * @param publishToken the static bearer token of {@code POST /api/publish} (allowed every topic), or null
 * @param jwtSecret the HS256 secret of publish and subscribe JWTs, at least 32 bytes (RFC 7518 §3.2), or null
 * @param privateTopics topics a subscriber needs a JWT for (patterns as in {@link TopicPattern}); needs a secret
 * @param maxRequestBytes the largest publish request body; at least {@code hub.maxDataBytes()} + 16 KiB is
 *     always allowed so that one event of the largest data fits. Default 1 MiB
 * @param maxBatch publications in one request. Default {@value #DEFAULT_MAX_BATCH}
 * @param idempotencyWindow how long a publication's {@code id} is remembered to drop its retries. Default 5 min
 * @param maxIdempotencyKeys ids remembered at once, oldest forgotten first. Default {@value #DEFAULT_MAX_IDEMPOTENCY_KEYS}
 * @param authFailureLimit failed token checks per client address and window before every attempt from it is
 *     refused with 429 until the window ends. Default {@value #DEFAULT_AUTH_FAILURE_LIMIT}
 * @param authFailureWindow the window of {@code authFailureLimit}. Default 1 minute
 * @param authThrottleAddresses client addresses the failure table remembers. Default {@value #DEFAULT_AUTH_THROTTLE_ADDRESSES}
 */
public record PushOptions(PushConfig hub, String publishToken, String jwtSecret, List<String> privateTopics,
        int maxRequestBytes, int maxBatch, Duration idempotencyWindow, int maxIdempotencyKeys,
        int authFailureLimit, Duration authFailureWindow, int authThrottleAddresses) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    /** Room in a request beyond its data: the topic, the id, the JSON around them. */
    public static final int REQUEST_OVERHEAD_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_BATCH = 100;
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_IDEMPOTENCY_KEYS = 100_000;
    public static final int DEFAULT_AUTH_FAILURE_LIMIT = 10;
    public static final Duration DEFAULT_AUTH_FAILURE_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_AUTH_THROTTLE_ADDRESSES = 10_000;
    /** HS256 keys shorter than the hash are refused (RFC 7518 §3.2). */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    public PushOptions {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(authFailureWindow, "authFailureWindow");
        privateTopics = List.copyOf(privateTopics);
        TopicPattern.parseAll(privateTopics); // refuses a bad pattern now, not at the first subscriber
        if (publishToken != null && publishToken.isBlank()) {
            throw new IllegalArgumentException("the publish token must not be blank");
        }
        if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_JWT_SECRET_BYTES
                    + " bytes (HS256, RFC 7518 §3.2)");
        }
        if (!privateTopics.isEmpty() && jwtSecret == null) {
            throw new IllegalArgumentException("private topics need a JWT secret: without one nobody could "
                    + "subscribe to them");
        }
        if (maxRequestBytes < 1 || maxBatch < 1 || maxIdempotencyKeys < 0 || authFailureLimit < 1
                || authThrottleAddresses < 1 || idempotencyWindow.isNegative() || authFailureWindow.isNegative()
                || authFailureWindow.isZero()) {
            throw new IllegalArgumentException("the publish bounds must be positive (maxIdempotencyKeys may be 0)");
        }
    }

    public static PushOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code POST /api/publish} accepts anyone: a token or a JWT secret is set. Off by default. */
    public boolean publishEnabled() {
        return publishToken != null || jwtSecret != null;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.hub = hub;
        b.publishToken = publishToken;
        b.jwtSecret = jwtSecret;
        b.privateTopics = privateTopics;
        b.maxRequestBytes = maxRequestBytes;
        b.maxBatch = maxBatch;
        b.idempotencyWindow = idempotencyWindow;
        b.maxIdempotencyKeys = maxIdempotencyKeys;
        b.authFailureLimit = authFailureLimit;
        b.authFailureWindow = authFailureWindow;
        b.authThrottleAddresses = authThrottleAddresses;
        return b;
    }

    /** Hides the secrets. */
    @Override
    public String toString() {
        return "PushOptions[hub=" + hub + ", publishToken=" + (publishToken == null ? "none" : "set")
                + ", jwtSecret=" + (jwtSecret == null ? "none" : "set") + ", privateTopics=" + privateTopics
                + ", maxRequestBytes=" + maxRequestBytes + ", maxBatch=" + maxBatch + ", idempotencyWindow="
                + idempotencyWindow + ", maxIdempotencyKeys=" + maxIdempotencyKeys + ", authFailureLimit="
                + authFailureLimit + ", authFailureWindow=" + authFailureWindow + ", authThrottleAddresses="
                + authThrottleAddresses + "]";
    }

    public static final class Builder {
        private PushConfig hub = PushConfig.defaults();
        private String publishToken;
        private String jwtSecret;
        private List<String> privateTopics = List.of();
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
        private int maxIdempotencyKeys = DEFAULT_MAX_IDEMPOTENCY_KEYS;
        private int authFailureLimit = DEFAULT_AUTH_FAILURE_LIMIT;
        private Duration authFailureWindow = DEFAULT_AUTH_FAILURE_WINDOW;
        private int authThrottleAddresses = DEFAULT_AUTH_THROTTLE_ADDRESSES;

        private Builder() {
        }

        public Builder hub(PushConfig hub) {
            this.hub = hub;
            return this;
        }

        public Builder publishToken(String token) {
            this.publishToken = token;
            return this;
        }

        public Builder jwtSecret(String secret) {
            this.jwtSecret = secret;
            return this;
        }

        public Builder privateTopics(List<String> patterns) {
            this.privateTopics = patterns;
            return this;
        }

        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        public Builder maxBatch(int publications) {
            this.maxBatch = publications;
            return this;
        }

        public Builder idempotency(Duration window, int maxKeys) {
            this.idempotencyWindow = window;
            this.maxIdempotencyKeys = maxKeys;
            return this;
        }

        public Builder authThrottle(int limit, Duration window, int maxAddresses) {
            this.authFailureLimit = limit;
            this.authFailureWindow = window;
            this.authThrottleAddresses = maxAddresses;
            return this;
        }

        public PushOptions build() {
            return new PushOptions(hub, publishToken, jwtSecret, privateTopics, maxRequestBytes, maxBatch,
                    idempotencyWindow, maxIdempotencyKeys, authFailureLimit, authFailureWindow, authThrottleAddresses);
        }
    }
}
