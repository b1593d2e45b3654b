package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialDeliveryTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksOneAtATimeInTheOrderTheyCameOnAPoolOfSeveralThreads() throws Exception {
        SerialDelivery delivery = new SerialDelivery("/", pool, 100_000);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        int tasks = 20_000;
        for (int i = 0; i < tasks; i++) {
            int n = i;
            delivery.execute(() -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                seen.add(n);
                running.decrementAndGet();
                if (n == tasks - 1) {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps).hasValue(0);
        assertThat(seen).hasSize(tasks).isSorted();
        assertThat(delivery.dropped()).isZero();
    }

    @Test
    void dropsAndCountsWhatComesPastTheBoundWhileTheConsumerIsBusy() throws Exception {
        SerialDelivery delivery = new SerialDelivery("/", pool, 10);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        delivery.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 25; i++) {
            delivery.execute(ran::incrementAndGet);
        }
        assertThat(delivery.dropped()).isEqualTo(15);
        release.countDown();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAtomic(ran, org.hamcrest.Matchers.equalTo(10));
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() throws Exception {
        SerialDelivery delivery = new SerialDelivery("/", pool, 100);
        CountDownLatch after = new CountDownLatch(1);
        delivery.execute(() -> {
            throw new IllegalStateException("boom");
        });
        delivery.execute(after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A stream reader waits for room rather than dropping: every task runs, in order, none counted dropped. */
    @Test
    void aProducerThatMayBlockWaitsForRoomInsteadOfDropping() throws Exception {
        SerialDelivery delivery = new SerialDelivery("/", pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        delivery.execute(() -> {
            try {
                release.await(); // holds the delivery thread: the queue fills up behind it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                int n = i;
                delivery.executeWhenRoom(() -> seen.add(n));
            }
        });
        producer.start();
        org.awaitility.Awaitility.await().until(() -> producer.getState() == Thread.State.TIMED_WAITING);
        assertThat(seen).isEmpty();
        release.countDown();
        producer.join(10_000);
        org.awaitility.Awaitility.await().until(() -> seen.size() == 10);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(delivery.dropped()).isZero();
    }
}
