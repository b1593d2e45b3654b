package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PushWindowTest {
    @Test
    void numbersTheEventsDueInTheWindowFromZero() {
        // 3 events a second from t=1,000 ns: due at 1000, 1000+333333333, ...; window [1 s, 2 s).
        PushWindow w = new PushWindow(1_000, 1e9 / 3, 1_000_000_000, 2_000_000_000);
        assertThat(w.events()).isEqualTo(3);
        assertThat(w.stampOf(3)).isEqualTo(1_000_001_000L);
        assertThat(w.indexOf(w.stampOf(3))).isZero();
        assertThat(w.indexOf(w.stampOf(5))).isEqualTo(2);
        assertThat(w.indexOf(w.stampOf(2))).as("warm-up").isEqualTo(-1);
        assertThat(w.indexOf(w.stampOf(6))).as("after the window").isEqualTo(-1);
        assertThat(w.indexOf(w.stampOf(4) + 1)).as("not a due time").isEqualTo(-1);
    }

    @Test
    void anEventDueExactlyAtTheStartIsInTheWindowAndOneAtTheEndIsNot() {
        PushWindow w = new PushWindow(0, 1e6, 10_000_000, 20_000_000);
        assertThat(w.events()).isEqualTo(10);
        assertThat(w.indexOf(10_000_000)).isZero();
        assertThat(w.indexOf(19_000_000)).isEqualTo(9);
        assertThat(w.indexOf(20_000_000)).isEqualTo(-1);
        assertThat(PushWindow.NONE.events()).isZero();
        assertThat(PushWindow.NONE.indexOf(0)).isEqualTo(-1);
    }
}
