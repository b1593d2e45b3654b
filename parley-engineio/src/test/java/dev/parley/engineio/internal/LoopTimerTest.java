package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Session timeouts as tasks of the loop: on its thread, on a shared grid, never early, cancelled for good. */
class LoopTimerTest {
    private static final long TICK = 100_000_000L;

    @Test
    void aDelayIsRoundedUpToTheNextGridPointNeverDown() {
        assertThat(LoopTimer.roundedDelay(0, 250_000_000L, TICK)).isEqualTo(300_000_000L);
        assertThat(LoopTimer.roundedDelay(30_000_000L, 200_000_000L, TICK)).isEqualTo(270_000_000L);
        assertThat(LoopTimer.roundedDelay(0, 300_000_000L, TICK)).as("on the grid already").isEqualTo(300_000_000L);
        assertThat(LoopTimer.roundedDelay(5, 0, TICK)).isEqualTo(TICK - 5);
    }

    @Test
    void deadlinesAskedAtDifferentTimesWithinATickShareTheirGridPoint() {
        long first = 1_000_000_000L + LoopTimer.roundedDelay(1_000_000_000L, 20_010_000_000L, TICK);
        long second = 1_040_000_000L + LoopTimer.roundedDelay(1_040_000_000L, 20_000_000_000L, TICK);
        assertThat(first).isEqualTo(second);
    }

    @Test
    void theGridHoldsOnANegativeClock() {
        // System.nanoTime() may be negative: still never early, at most a tick late.
        long delay = LoopTimer.roundedDelay(-150_000_000L, 20_000_000L, TICK);
        assertThat(delay).isBetween(20_000_000L, 20_000_000L + TICK - 1);
        assertThat(Math.floorMod(-150_000_000L + delay, TICK)).isZero();
    }

    @Test
    void aTimeoutRunsOnItsLoopAndACancelledOneNever() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            LoopTimer timer = new LoopTimer(loop, TimeUnit.MILLISECONDS.toNanos(10));
            CompletableFuture<Boolean> ranOnLoop = new CompletableFuture<>();
            CompletableFuture<Void> cancelledRan = new CompletableFuture<>();
            Timeout cancelled = timer.newTimeout(t -> cancelledRan.complete(null), 0, TimeUnit.MILLISECONDS);
            assertThat(cancelled.cancel()).isTrue();
            Timeout timeout = timer.newTimeout(t -> ranOnLoop.complete(loop.inEventLoop()), 0, TimeUnit.MILLISECONDS);

            assertThat(ranOnLoop.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(timeout.isExpired()).isTrue();
            assertThat(timeout.cancel()).as("too late to cancel").isFalse();
            // The loop ran its tasks in deadline order: the cancelled one, due no later, was dropped.
            loop.submit(() -> { }).get(30, TimeUnit.SECONDS);
            assertThat(cancelledRan).isNotDone();
            assertThat(cancelled.isCancelled()).isTrue();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }
}
