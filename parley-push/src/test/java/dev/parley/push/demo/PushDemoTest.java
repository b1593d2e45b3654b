package dev.parley.push.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's publish handler is open to anyone who loads the page: its per-connection rate is bounded. */
class PushDemoTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void atMostMaxPerSecondPublicationsInOneSecondThenTheNextSecondOpens() {
        PushDemo.PerSecondLimit limit = new PushDemo.PerSecondLimit(PushDemo.MAX_PER_SECOND);
        long start = 5 * SECOND;
        for (int i = 0; i < PushDemo.MAX_PER_SECOND; i++) {
            assertThat(limit.tryAcquire(start + i)).as("publication %d", i).isTrue();
        }
        assertThat(limit.tryAcquire(start + SECOND - 1)).isFalse();
        assertThat(limit.tryAcquire(start + SECOND)).isTrue();
    }
}
