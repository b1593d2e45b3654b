package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(10), now::get);

    @Test
    void allowsTheLimitPerWindowAndSlides() {
        assertThat(limiter.tryAcquire("ann")).isTrue();
        assertThat(limiter.tryAcquire("ann")).isTrue();
        assertThat(limiter.tryAcquire("ann")).isTrue();
        assertThat(limiter.tryAcquire("ann")).isFalse();
        assertThat(limiter.tryAcquire("bob")).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(limiter.tryAcquire("ann")).isTrue();
    }

    @Test
    void retryAfterIsWhenTheOldestActionLeavesTheWindow() {
        assertThat(limiter.retryAfter("ann")).isZero();
        limiter.tryAcquire("ann");
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        limiter.tryAcquire("ann");
        assertThat(limiter.retryAfter("ann")).isZero();
        limiter.tryAcquire("ann");
        assertThat(limiter.tryAcquire("ann")).isFalse();
        assertThat(limiter.retryAfter("ann")).isEqualTo(Duration.ofSeconds(6));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(limiter.retryAfter("ann")).isZero();
        assertThat(limiter.tryAcquire("ann")).isTrue();
    }

    @Test
    void usersIdleForAWindowAreSweptSoTheMapDoesNotGrowWithEveryUserEverSeen() {
        for (int i = 0; i < 100_000; i++) {
            limiter.tryAcquire("user-" + i);
            if (i % 1000 == 999) {
                now.addAndGet(Duration.ofSeconds(11).toNanos());
            }
        }
        // Only users active within the last window (plus at most one sweep period) remain.
        assertThat(limiter.users()).isLessThanOrEqualTo(1000 + RateLimiter.SWEEP_EVERY);
    }
}
