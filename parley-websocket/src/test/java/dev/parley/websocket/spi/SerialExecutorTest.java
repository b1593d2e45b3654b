package dev.parley.websocket.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    /** An executor that only queues: the test runs its tasks one by one and sees each turn. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> submitted = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            submitted.add(command);
        }

        void runNext() {
            submitted.remove().run();
        }
    }

    @Test
    void aTurnRunsABoundedNumberOfTasksThenYieldsTheThread() {
        ManualExecutor loop = new ManualExecutor();
        SerialExecutor serial = SerialExecutor.create(loop, e -> { });
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            serial.execute(() -> ran.add(n));
        }
        assertThat(loop.submitted).hasSize(1);
        loop.runNext();
        assertThat(ran).hasSize(SerialExecutor.TASKS_PER_TURN);
        assertThat(loop.submitted).as("the rest continues in a new turn").hasSize(1);
        loop.runNext();
        assertThat(ran).hasSize(100).isSorted();
        assertThat(loop.submitted).isEmpty();
        serial.execute(() -> ran.add(100));
        assertThat(loop.submitted).as("idle again: the next task starts a turn").hasSize(1);
    }

    @Test
    void queuedTasksWaitForStartQueuedAndKeepTheirOrder() {
        ManualExecutor loop = new ManualExecutor();
        SerialExecutor serial = SerialExecutor.create(loop, e -> { });
        List<Integer> ran = new ArrayList<>();
        serial.enqueue(() -> ran.add(1));
        serial.enqueue(() -> ran.add(2));
        assertThat(loop.submitted).as("queued, no turn yet (the caller still holds its lock)").isEmpty();
        serial.startQueued();
        serial.startQueued();
        assertThat(loop.submitted).as("one turn for both").hasSize(1);
        serial.execute(() -> ran.add(3));
        assertThat(loop.submitted).as("a turn is pending: it takes the new task too").hasSize(1);
        loop.runNext();
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(loop.submitted).isEmpty();
    }

    @Test
    void aTaskQueuedDuringATurnRunsInThatTurnWithoutStartQueued() {
        ManualExecutor loop = new ManualExecutor();
        SerialExecutor serial = SerialExecutor.create(loop, e -> { });
        List<String> ran = new ArrayList<>();
        serial.execute(() -> {
            ran.add("a");
            serial.enqueue(() -> ran.add("b"));
        });
        loop.runNext();
        assertThat(ran).containsExactly("a", "b");
        assertThat(loop.submitted).isEmpty();
    }

    @Test
    void movingKeepsTheOrderAndRunsLaterTasksOnTheNewExecutor() {
        ManualExecutor first = new ManualExecutor();
        ManualExecutor second = new ManualExecutor();
        SerialExecutor serial = SerialExecutor.create(first, e -> { });
        List<String> ran = new ArrayList<>();
        serial.execute(() -> ran.add("a"));
        serial.moveTo(second);
        serial.execute(() -> ran.add("b"));
        first.runNext();
        assertThat(ran).containsExactly("a");
        assertThat(first.submitted).isEmpty();
        assertThat(second.submitted).hasSize(1);
        second.runNext();
        assertThat(ran).containsExactly("a", "b");
        serial.execute(() -> ran.add("c"));
        assertThat(second.submitted).hasSize(1);
        assertThat(first.submitted).isEmpty();
    }

    @Test
    void tasksStillRunWhenTheExecutorRefusesThem() {
        Executor shutDown = command -> {
            throw new RejectedExecutionException("shutting down");
        };
        SerialExecutor serial = SerialExecutor.create(shutDown, e -> { });
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.execute(() -> ran.add("close callback"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        serial.execute(() -> ran.add("after"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("close callback", "after");
    }

    @Test
    void aFailingTaskIsReportedAndTheNextOnesStillRun() {
        ManualExecutor loop = new ManualExecutor();
        List<Throwable> failures = new ArrayList<>();
        SerialExecutor serial = SerialExecutor.create(loop, failures::add);
        List<String> ran = new ArrayList<>();
        serial.execute(() -> ran.add("a"));
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(() -> ran.add("c"));
        loop.runNext();
        assertThat(ran).containsExactly("a", "c");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).hasMessage("boom");
        assertThat(loop.submitted).isEmpty();
    }

    @Test
    void tasksLeftWhenTheFailureHandlerThrowsRunInANewTurn() {
        ManualExecutor loop = new ManualExecutor();
        SerialExecutor serial = SerialExecutor.create(loop, e -> {
            throw new IllegalStateException("handler failed too");
        });
        List<String> ran = new ArrayList<>();
        serial.execute(() -> {
            throw new IllegalArgumentException("task");
        });
        serial.execute(() -> ran.add("after"));
        try {
            loop.runNext();
        } catch (IllegalStateException expected) {
            // The turn's thread saw the handler's exception; the task after it must not be stranded.
        }
        assertThat(loop.submitted).as("a new turn for what was taken and not run").hasSize(1);
        loop.runNext();
        assertThat(ran).containsExactly("after");
    }

    /**
     * Tasks from many threads at once: each runs exactly once, never two at a time, and those of one thread in
     * the order it submitted them (the stack the producers push onto is taken whole and reversed by a turn).
     */
    @Test
    void tasksFromManyThreadsRunOnceEachInTheirSubmittersOrderAndNeverConcurrently() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            SerialExecutor serial = SerialExecutor.create(pool, e -> { });
            int[][] seen = new int[threads][1];
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger outOfOrder = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(threads * perThread);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int producer = t;
                producers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        Runnable task = () -> {
                            if (running.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (seen[producer][0] != n) {
                                outOfOrder.incrementAndGet();
                            }
                            seen[producer][0] = n + 1;
                            running.decrementAndGet();
                            done.countDown();
                        };
                        if (n % 3 == 0) {
                            serial.enqueue(task);
                            serial.startQueued();
                        } else {
                            serial.execute(task);
                        }
                    }
                }));
            }
            producers.forEach(Thread::start);
            for (Thread producer : producers) {
                producer.join();
            }
            assertThat(done.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("every task ran").isTrue();
            assertThat(overlaps.get()).isZero();
            assertThat(outOfOrder.get()).isZero();
            for (int t = 0; t < threads; t++) {
                assertThat(seen[t][0]).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
