package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.LiveHeap;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The local token buckets of the read budget, on an injected clock: burst, rate, retryAfter and the sweep. */
class TokenBucketsTest {
    private static final int BURST = 5;
    private static final int PER_SECOND = 4;
    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(BURST, PER_SECOND, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theBurstPassesAndTheNextIsRefusedUntilATokenIsBack() {
        for (int i = 0; i < BURST; i++) {
            assertThat(buckets.tryAcquire("ann")).as("read %d of the burst", i + 1).isTrue();
        }
        assertThat(buckets.tryAcquire("ann")).as("one past the burst").isFalse();
        assertThat(buckets.tryAcquire("bob")).as("per user").isTrue();
        // 4 a second: a token every 250 ms.
        // In milliseconds, as a refusal says it (the nanoseconds carry the doubles' rounding).
        assertThat(buckets.retryAfter("ann").toMillis()).isEqualTo(250);
        advance(Duration.ofMillis(249));
        assertThat(buckets.tryAcquire("ann")).isFalse();
        assertThat(buckets.retryAfter("ann").toMillis()).isEqualTo(1);
        advance(Duration.ofMillis(1));
        assertThat(buckets.retryAfter("ann")).isZero();
        assertThat(buckets.tryAcquire("ann")).isTrue();
        assertThat(buckets.tryAcquire("ann")).isFalse();
    }

    @Test
    void theRateIsSustainedAndTheBucketNeverHoldsMoreThanTheBurst() {
        for (int i = 0; i < BURST; i++) {
            buckets.tryAcquire("ann");
        }
        // Ten seconds at 4 a second, each read as soon as it may: 40 pass, not one more.
        int passed = 0;
        for (int ms = 0; ms < 10_000; ms += 10) {
            advance(Duration.ofMillis(10));
            passed += buckets.tryAcquire("ann") ? 1 : 0;
        }
        assertThat(passed).isEqualTo(10 * PER_SECOND);
        advance(Duration.ofHours(1));
        int afterAPause = 0;
        while (buckets.tryAcquire("ann")) {
            afterAPause++;
        }
        assertThat(afterAPause).as("an hour idle refills the burst, no more").isEqualTo(BURST);
    }

    @Test
    void refilledBucketsAreSweptSoTheMapHoldsRecentReadersOnly() {
        for (int i = 0; i < 100_000; i++) {
            buckets.tryAcquire("user-" + i);
            if (i % 1000 == 999) {
                advance(Duration.ofSeconds(1)); // the 1-token debt of each is repaid in 250 ms
            }
        }
        assertThat(buckets.users()).isLessThanOrEqualTo(1000 + TokenBuckets.SWEEP_EVERY);
    }

    @Test
    void aBucketIsSmallWhateverTheBurst() {
        // A sliding log of this budget would keep 1,000 entries a user; a bucket keeps two numbers.
        TokenBuckets big = new TokenBuckets(1000, 100, now::get);
        long before = LiveHeap.bytes();
        for (int i = 0; i < 20_000; i++) {
            for (int read = 0; read < 50; read++) {
                big.tryAcquire("user-" + i);
            }
        }
        long after = LiveHeap.bytes();
        assertThat(big.users()).isEqualTo(20_000);
        long perUser = (after - before) / 20_000;
        System.out.printf("TokenBucketsTest: 20,000 users of a 1,000-read bucket, 50 reads each: %d bytes of live heap each%n",
                perUser);
        assertThat(perUser).isLessThan(300);
    }
}
