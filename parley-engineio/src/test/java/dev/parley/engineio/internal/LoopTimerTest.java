package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
            // A delay of 0 is due at the next grid point, which may be a microsecond away: were the loop free,
            // it could run the first timeout before this thread cancels it. Held busy, it runs neither yet.
            CountDownLatch loopHeld = new CountDownLatch(1);
            loop.execute(() -> awaitQuietly(loopHeld));
            Timeout cancelled = timer.newTimeout(t -> cancelledRan.complete(null), 0, TimeUnit.MILLISECONDS);
            boolean cancelledInTime = cancelled.cancel();
            Timeout timeout = timer.newTimeout(t -> ranOnLoop.complete(loop.inEventLoop()), 0, TimeUnit.MILLISECONDS);
            loopHeld.countDown();

            assertThat(cancelledInTime).as("cancelled before it was due").isTrue();
            assertThat(ranOnLoop.get(30, TimeUnit.SECONDS)).as("ran on its loop").isTrue();
            assertThat(timeout.isExpired()).as("expired").isTrue();
            assertThat(timeout.cancel()).as("too late to cancel").isFalse();
            // The loop ran its tasks in deadline order: the cancelled one, due no later, was dropped.
            loop.submit(() -> { }).get(30, TimeUnit.SECONDS);
            assertThat(cancelledRan).isNotDone();
            assertThat(cancelled.isCancelled()).as("cancelled").isTrue();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void entriesRunOnTheLoopNeverEarlyTogetherPerTickAndADisarmedOneNever() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try {
            LoopTimer timer = new LoopTimer(loop, TimeUnit.MILLISECONDS.toNanos(10));
            List<String> events = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> last = new CompletableFuture<>();
            long[] deadlines = new long[3];
            class Recorded extends TickEntry {
                final int index;

                Recorded(int index) {
                    this.index = index;
                }

                @Override
                void expire() {
                    long late = System.nanoTime() - deadlines[index];
                    events.add(index + (late >= 0 ? " on time" : " EARLY") + (loop.inEventLoop() ? "" : " OFF LOOP"));
                    if (index == 2) {
                        last.complete(null);
                    }
                }
            }
            Recorded first = new Recorded(0);
            Recorded dropped = new Recorded(1);
            Recorded second = new Recorded(2);
            loop.submit(() -> {
                long now = System.nanoTime();
                deadlines[0] = now + TimeUnit.MILLISECONDS.toNanos(25);
                deadlines[1] = now + TimeUnit.MILLISECONDS.toNanos(15);
                deadlines[2] = now + TimeUnit.MILLISECONDS.toNanos(45);
                timer.arm(second, deadlines[2]);
                timer.arm(first, deadlines[0]);
                timer.arm(dropped, deadlines[1]);
                timer.disarm(dropped);
            }).get(30, TimeUnit.SECONDS);

            last.get(30, TimeUnit.SECONDS);
            assertThat(events).containsExactly("0 on time", "2 on time");
            assertThat(loop.submit(timer::armed).get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
