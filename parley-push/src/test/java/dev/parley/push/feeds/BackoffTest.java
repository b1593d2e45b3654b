package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration EVERY = Duration.ofSeconds(30);

    @Test
    void doublesFromTwiceTheUsualPauseUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMinutes(5), () -> 0.0);
        assertThat(backoff.after(0, EVERY)).isEqualTo(EVERY);
        assertThat(backoff.after(1, EVERY)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.after(2, EVERY)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.after(3, EVERY)).isEqualTo(Duration.ofSeconds(240));
        assertThat(backoff.after(4, EVERY)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(1_000_000, EVERY)).isEqualTo(Duration.ofMinutes(5)); // no overflow
    }

    @Test
    void aFeedPolledLessOftenThanTheCapWaitsItsOwnPause() {
        Backoff backoff = new Backoff(Duration.ofMinutes(5), () -> 0.0);
        assertThat(backoff.after(3, Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterShortensByAtMostAFifth() {
        Backoff most = new Backoff(Duration.ofMinutes(5), () -> 0.999_999);
        Backoff half = new Backoff(Duration.ofMinutes(5), () -> 0.5);
        assertThat(most.after(1, EVERY).toMillis()).isEqualTo(48_000); // 60 s × (1 - 0.2 × 0.999999), rounded
        assertThat(half.after(1, EVERY)).isEqualTo(Duration.ofSeconds(54));
        assertThat(most.after(50, EVERY)).isGreaterThanOrEqualTo(Duration.ofMinutes(4)); // 0.8 of the cap
    }
}
