package dev.parley.push.feeds;

import java.time.Duration;

/**
 * The limits every relayed feed shares.
 *
 * @param timeout the whole of one poll (connect, answer and body) must take less than this, or it fails as
 *                {@link FeedError#TIMEOUT}; default {@link #DEFAULT_TIMEOUT} (10 s)
 * @param maxBodyBytes a body longer than this is aborted while it is read (or before, from its
 *                     {@code Content-Length}) as {@link FeedError#TOO_LARGE}; default {@link #DEFAULT_MAX_BODY_BYTES}
 *                     (1 MiB)
 * @param maxBackoff the longest pause after failures (unless a feed's own {@code every} is longer); default
 *                   {@link #DEFAULT_MAX_BACKOFF} (5 min)
 */
public record FeedRelayConfig(Duration timeout, int maxBodyBytes, Duration maxBackoff) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

    public FeedRelayConfig {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the feed timeout must be > 0");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("the feed body limit must be >= 1 byte");
        }
        if (maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("the feed backoff cap must be > 0");
        }
    }

    public static FeedRelayConfig defaults() {
        return new FeedRelayConfig(DEFAULT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BACKOFF);
    }

    public FeedRelayConfig withTimeout(Duration value) {
        return new FeedRelayConfig(value, maxBodyBytes, maxBackoff);
    }

    public FeedRelayConfig withMaxBodyBytes(int value) {
        return new FeedRelayConfig(timeout, value, maxBackoff);
    }

    public FeedRelayConfig withMaxBackoff(Duration value) {
        return new FeedRelayConfig(timeout, maxBodyBytes, value);
    }
}
