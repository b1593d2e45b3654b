package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushOptions;
import dev.parley.testkit.LiveHeap;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentPublicationsTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private final AtomicLong nanos = new AtomicLong(7);

    @Test
    void aKeyIsRememberedPerTopicForTheWindow() {
        RecentPublications recent = new RecentPublications(WINDOW, 100, nanos::get);
        recent.remember("prices", "k1", 1001);
        assertThat(recent.lookup("prices", "k1")).isEqualTo(1001);
        assertThat(recent.lookup("prices", "k2")).isEqualTo(-1);
        assertThat(recent.lookup("other", "k1")).as("keys are per topic").isEqualTo(-1);
        assertThat(recent.lookup("prices:", "k1")).isEqualTo(-1);
        nanos.addAndGet(WINDOW.toNanos() - 1);
        assertThat(recent.lookup("prices", "k1")).isEqualTo(1001);
        nanos.addAndGet(1);
        assertThat(recent.lookup("prices", "k1")).isEqualTo(-1);
        assertThat(recent.size()).isZero();
    }

    @Test
    void theOldestKeysGoPastTheBound() {
        RecentPublications recent = new RecentPublications(WINDOW, 1000, nanos::get);
        for (int i = 0; i < 5000; i++) {
            recent.remember("t", "key-" + i, i + 1);
            nanos.incrementAndGet();
        }
        assertThat(recent.size()).isEqualTo(1000);
        assertThat(recent.lookup("t", "key-3999")).isEqualTo(-1);
        assertThat(recent.lookup("t", "key-4000")).isEqualTo(4001);
        assertThat(recent.lookup("t", "key-4999")).isEqualTo(5000);
    }

    @Test
    void aBoundOfZeroRemembersNothing() {
        RecentPublications recent = new RecentPublications(WINDOW, 0, nanos::get);
        recent.remember("t", "k", 5);
        assertThat(recent.lookup("t", "k")).isEqualTo(-1);
    }

    @Test
    void theDefaultBoundHoldsOnLiveHeapWhateverTheKeysLength() {
        long before = LiveHeap.bytes();
        RecentPublications recent = new RecentPublications(WINDOW, PushOptions.DEFAULT_MAX_IDEMPOTENCY_KEYS, nanos::get);
        String longKey = "k".repeat(PublishRequestParser.MAX_ID_LENGTH - 10);
        for (int i = 0; i < 3 * PushOptions.DEFAULT_MAX_IDEMPOTENCY_KEYS; i++) {
            recent.remember("topic-" + (i % 100), longKey + i, i + 1);
        }
        long used = LiveHeap.bytes() - before;
        assertThat(recent.size()).isEqualTo(PushOptions.DEFAULT_MAX_IDEMPOTENCY_KEYS);
        System.out.printf("RecentPublicationsTest: %,d keys of %d characters: %.2f MiB live heap (%d bytes a key)%n",
                recent.size(), longKey.length() + 6, used / 1048576.0, used / recent.size());
        // Digests, not the keys: 128-character keys take what 1-character ones would.
        assertThat(used).isLessThan(16L * 1024 * 1024);
    }
}
