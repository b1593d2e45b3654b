package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DepartureGraceTest {

    @Test
    void withoutAGraceADepartureRunsAtOnceOnTheCallersThread() {
        try (DepartureGrace grace = new DepartureGrace(Duration.ZERO)) {
            Thread[] ran = new Thread[1];
            grace.schedule("tab", () -> ran[0] = Thread.currentThread());
            assertThat(ran[0]).isSameAs(Thread.currentThread());
            assertThat(grace.pending()).isZero();
        }
    }

    @Test
    void aDepartureRunsOnceAfterTheGrace() {
        try (DepartureGrace grace = new DepartureGrace(Duration.ofMillis(20))) {
            AtomicInteger runs = new AtomicInteger();
            grace.schedule("tab", runs::incrementAndGet);
            await().until(() -> runs.get() == 1 && grace.pending() == 0);
            assertThat(grace.cancel("tab")).isFalse();
        }
    }

    @Test
    void aCancelledDepartureNeverRunsAndALaterOneForTheSameTabDoes() {
        try (DepartureGrace grace = new DepartureGrace(Duration.ofMillis(50))) {
            AtomicInteger cancelled = new AtomicInteger();
            grace.schedule("tab", cancelled::incrementAndGet);
            assertThat(grace.cancel("tab")).isTrue();
            AtomicInteger later = new AtomicInteger();
            grace.schedule("tab", later::incrementAndGet);
            // The first one's timer fires before the second's: it finds the second's token and leaves it.
            await().until(() -> later.get() == 1);
            assertThat(cancelled.get()).isZero();
        }
    }
}
