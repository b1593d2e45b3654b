package dev.parley.push.polling;

import dev.parley.push.SubscribeAuthorizer;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the polling subscribers ({@link PollingSubscribers}). Immutable; build with {@link #builder()}.
 *
 * @param prefix where topics are polled: {@code <prefix>/<topic>/events}. Default {@value #DEFAULT_PREFIX}.
 * @param maxWait the longest a long poll waits ({@code wait=} above it is cut to it). Default 30 s.
 * @param maxEvents events in one answer; a client with more to catch up asks again after the answer's
 *     {@code lastId}. Default {@value #DEFAULT_MAX_EVENTS}.
 * @param maxWaiting long polls waiting at once in total; 503 above. Default {@value #DEFAULT_MAX_WAITING}.
 * @param maxWaitingPerAddress long polls waiting at once from one client address; 429 above. Default
 *     {@value #DEFAULT_MAX_WAITING_PER_ADDRESS}.
 * @param authorizer who may poll which topic. Default {@link SubscribeAuthorizer#PUBLIC}.
 */
public record PollingOptions(String prefix, Duration maxWait, int maxEvents, int maxWaiting, int maxWaitingPerAddress,
        SubscribeAuthorizer authorizer) {
    public static final String DEFAULT_PREFIX = "/api/topics";
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_EVENTS = 100;
    public static final int DEFAULT_MAX_WAITING = 50_000;
    public static final int DEFAULT_MAX_WAITING_PER_ADDRESS = 100;

    public PollingOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(authorizer, "authorizer");
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start with '/' and not end with it: " + prefix);
        }
        if (maxWait.isNegative() || maxEvents < 1 || maxWaiting < 1 || maxWaitingPerAddress < 1) {
            throw new IllegalArgumentException("maxWait must not be negative; maxEvents, maxWaiting and "
                    + "maxWaitingPerAddress must be positive");
        }
    }

    public static PollingOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link PollingOptions}. */
    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private int maxEvents = DEFAULT_MAX_EVENTS;
        private int maxWaiting = DEFAULT_MAX_WAITING;
        private int maxWaitingPerAddress = DEFAULT_MAX_WAITING_PER_ADDRESS;
        private SubscribeAuthorizer authorizer = SubscribeAuthorizer.PUBLIC;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder maxWait(Duration wait) {
            this.maxWait = wait;
            return this;
        }

        public Builder maxEvents(int events) {
            this.maxEvents = events;
            return this;
        }

        public Builder maxWaiting(int polls) {
            this.maxWaiting = polls;
            return this;
        }

        public Builder maxWaitingPerAddress(int polls) {
            this.maxWaitingPerAddress = polls;
            return this;
        }

        public Builder authorizer(SubscribeAuthorizer authorizer) {
            this.authorizer = authorizer;
            return this;
        }

        public PollingOptions build() {
            return new PollingOptions(prefix, maxWait, maxEvents, maxWaiting, maxWaitingPerAddress, authorizer);
        }
    }
}
