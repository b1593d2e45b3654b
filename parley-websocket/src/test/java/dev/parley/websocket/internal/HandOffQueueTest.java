package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The handler pool's queue, in a real {@link ThreadPoolExecutor}: with a worker polling instead of parking,
 * no task may be stranded, a burst of blocking tasks must still spread over every worker, and shutdown must
 * end polling and parked workers alike. Polling 0 (park at once) and long enough to matter.
 */
class HandOffQueueTest {
    private static ThreadPoolExecutor pool(long spinMicros, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new HandOffQueue(TimeUnit.MICROSECONDS.toNanos(spinMicros)));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 50, 5_000})
    void everyTaskFromManySubmittersRuns(long spinMicros) throws Exception {
        ThreadPoolExecutor pool = pool(spinMicros, 4);
        int submitters = 4;
        int each = 20_000;
        CountDownLatch done = new CountDownLatch(submitters * each);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    pool.execute(done::countDown);
                    if (i % 1000 == 0) {
                        // pauses let workers go idle, so that tasks also arrive while they poll or park
                        Thread.yield();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).as("tasks stranded: %d", done.getCount()).isTrue();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Handlers may block: a burst must wake parked workers even while one polls, not queue behind it. */
    @ParameterizedTest
    @ValueSource(longs = {0, 5_000})
    void aBurstOfBlockingTasksRunsOnEveryWorkerAtOnce(long spinMicros) throws Exception {
        int threads = 6;
        ThreadPoolExecutor pool = pool(spinMicros, threads);
        // Start the workers and let them all go idle first (polling or parked).
        CountDownLatch warm = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(warm::countDown);
        }
        assertThat(warm.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        CountDownLatch allRunning = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                allRunning.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(allRunning.await(10, TimeUnit.SECONDS))
                .as("%d of %d blocking tasks never started", allRunning.getCount(), threads).isTrue();
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_000_000})
    void shutdownEndsIdleWorkersWhetherPollingOrParked(long spinMicros) throws Exception {
        ThreadPoolExecutor pool = pool(spinMicros, 3);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::incrementAndGet);
        }
        Thread.sleep(20); // one worker now polls (for a second), the others park
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(3);
    }
}
