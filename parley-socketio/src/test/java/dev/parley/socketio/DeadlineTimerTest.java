package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.Timeout;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {
    private final DeadlineTimer timer = new DeadlineTimer("test-timer");

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void runsTasksInDeadlineOrderOnItsThread() {
        List<String> ran = new CopyOnWriteArrayList<>();
        // A second apart: the order holds unless the next line runs over a second late (50 ms did not, under load).
        timer.newTimeout(t -> ran.add("second " + Thread.currentThread().getName()), 1000, TimeUnit.MILLISECONDS);
        timer.newTimeout(t -> ran.add("first " + Thread.currentThread().getName()), 0, TimeUnit.MILLISECONDS);
        await().until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("first test-timer", "second test-timer");
    }

    @Test
    void aCancelledTimeoutNeverRuns() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        Timeout cancelled = timer.newTimeout(t -> cancelledRan.set(true), 20, TimeUnit.MILLISECONDS);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.cancel()).isFalse();
        assertThat(cancelled.isCancelled()).isTrue();
        // A later task that ran shows the cancelled one's deadline has passed (one thread, deadline order).
        CountDownLatch later = new CountDownLatch(1);
        timer.newTimeout(t -> later.countDown(), 60, TimeUnit.MILLISECONDS);
        later.await();
        assertThat(cancelledRan).isFalse();
        assertThat(cancelled.isExpired()).isFalse();
    }

    @Test
    void anExpiredTimeoutCannotBeCancelled() {
        Timeout timeout = timer.newTimeout(t -> { }, 0, TimeUnit.MILLISECONDS);
        await().until(timeout::isExpired);
        assertThat(timeout.cancel()).isFalse();
        assertThat(timeout.isCancelled()).isFalse();
        assertThat(timeout.timer()).isSameAs(timer);
    }

    @Test
    void aFailingTaskDoesNotStopTheTimer() throws Exception {
        timer.newTimeout(t -> {
            throw new IllegalStateException("boom");
        }, 0, TimeUnit.MILLISECONDS);
        CountDownLatch after = new CountDownLatch(1);
        timer.newTimeout(t -> after.countDown(), 10, TimeUnit.MILLISECONDS);
        after.await();
    }

    @Test
    void aStoppedTimerRefusesNewTimeouts() {
        timer.stop();
        assertThatThrownBy(() -> timer.newTimeout(t -> { }, 1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class);
    }
}
