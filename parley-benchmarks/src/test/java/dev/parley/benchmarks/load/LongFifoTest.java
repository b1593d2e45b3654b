package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongFifoTest {
    @Test
    void keepsOrderAcrossWrapAndGrowth() {
        LongFifo fifo = new LongFifo();
        long next = 0;
        long expected = 0;
        // Interleave adds and polls so the ring wraps, then grows while wrapped.
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 3 + round % 7; i++) {
                fifo.add(next++);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(fifo.poll()).isEqualTo(expected++);
            }
        }
        while (!fifo.isEmpty()) {
            assertThat(fifo.poll()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next);
    }
}
