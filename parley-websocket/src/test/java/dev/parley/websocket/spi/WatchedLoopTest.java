package dev.parley.websocket.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The turn counter a blocked-loop checker reads: odd inside a serial executor's turn, even between turns. */
class WatchedLoopTest {
    @Test
    void aTurnOnTheWatchedLoopMakesTheCounterOddWhileItRuns() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            WatchedLoop watched = new WatchedLoop(loop);
            SerialExecutor serial = SerialExecutor.create(watched, failure -> { });
            List<Long> seenInside = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            // Queued before the turn starts: one turn runs all three.
            serial.enqueue(() -> seenInside.add(watched.turns()));
            serial.enqueue(() -> seenInside.add(watched.turns()));
            serial.enqueue(() -> done.complete(null));
            serial.startQueued();
            done.get(5, TimeUnit.SECONDS);
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the turn has returned
            assertThat(seenInside).hasSize(2).allMatch(WatchedLoop::running);
            assertThat(seenInside.get(0)).isEqualTo(seenInside.get(1)); 
            assertThat(WatchedLoop.running(watched.turns())).isFalse();
            assertThat(watched.turns()).isEqualTo(seenInside.get(0) + 1);
            assertThat(watched.thread()).isNotNull();
            assertThat(watched.thread().getName()).isEqualTo(threadOf(loop));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void turnsOnAnotherExecutorLeaveTheCounterAlone() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            WatchedLoop watched = new WatchedLoop(loop);
            SerialExecutor serial = SerialExecutor.create(loop, failure -> { });
            CompletableFuture<Long> inside = new CompletableFuture<>();
            serial.execute(() -> inside.complete(watched.turns()));
            assertThat(inside.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(watched.turns()).isZero();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static String threadOf(DefaultEventLoop loop) throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }
}
