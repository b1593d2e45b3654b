package dev.parley.chat.internal;

import dev.parley.chat.cluster.UserRateLimit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per user, on one node: each action takes a token from a bucket of {@code burst} that refills at
 * {@code perSecond} tokens a second; an empty bucket refuses. The {@code tokenBucket} of {@code ChatCluster.local()}.
 * Unlike {@link RateLimiter}'s log of every action in the window, a bucket is two numbers whatever its size (about
 * 100 bytes a user with the map's entry), so a budget of hundreds of reads costs no more heap than one of ten.
 *
 * <p>Buckets that have refilled are swept every {@value #SWEEP_EVERY} actions: a full bucket is the same as none,
 * so the map holds the users who acted in the last {@code burst / perSecond} seconds only. Thread-safe.
 */
public final class TokenBuckets implements UserRateLimit {
    static final int SWEEP_EVERY = 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int burst;
    private final int perSecond;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong actions = new AtomicLong();

    /** @param clock monotonic nanoseconds ({@code System::nanoTime}, another in tests) */
    public TokenBuckets(int burst, int perSecond, LongSupplier clock) {
        if (burst <= 0 || perSecond <= 0) {
            throw new IllegalArgumentException("a token bucket needs a positive burst and rate");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Tokens (fractions included) at a time; used under the bucket's monitor. */
    private final class Bucket {
        double tokens = burst;
        long at;

        Bucket(long now) {
            at = now;
        }

        void refill(long now) {
            tokens = Math.min(burst, tokens + (now - at) * (double) perSecond / NANOS_PER_SECOND);
            at = now;
        }
    }

    @Override
    public boolean tryAcquire(String user) {
        long now = clock.getAsLong();
        if (actions.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(now));
        synchronized (bucket) {
            bucket.refill(clock.getAsLong());
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Until the bucket holds a whole token again: zero if it does now. */
    @Override
    public Duration retryAfter(String user) {
        Bucket bucket = buckets.get(user);
        if (bucket == null) {
            return Duration.ZERO;
        }
        synchronized (bucket) {
            bucket.refill(clock.getAsLong());
            if (bucket.tokens >= 1) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) * NANOS_PER_SECOND / perSecond));
        }
    }

    /** Users with a bucket that has not refilled yet (for tests). */
    int users() {
        return buckets.size();
    }

    /**
     * Drops the buckets full by now. A bucket dropped while another thread takes from it costs that user at most
     * one token's worth of leniency: the next action finds a new, full bucket, as the dropped one was.
     */
    private void sweep(long now) {
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                bucket.refill(now);
                return bucket.tokens >= burst;
            }
        });
    }
}
