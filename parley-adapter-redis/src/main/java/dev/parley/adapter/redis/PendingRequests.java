package dev.parley.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Requests this server sent to the others and is waiting on, by request id: each collects the answers
 * until as many arrived as servers were counted, or the timeout settles it with what did arrive.
 */
final class PendingRequests<A> {
    // A: the answer type (the classic protocol's Response, the sharded one's ClusterMessage)
    private final Map<String, Pending<A, ?>> pending = new ConcurrentHashMap<>();
    private final BiConsumer<Duration, Runnable> scheduler;

    /** @param scheduler runs a task once after a delay (the server's timer) */
    PendingRequests(BiConsumer<Duration, Runnable> scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Waits for {@code expected} answers; {@code done} makes the result of all of them, {@code timedOut}
     * the error from those that arrived.
     */
    <T> CompletableFuture<T> start(String requestId, int expected, Duration timeout,
            Function<List<A>, T> done,
            Function<List<A>, Throwable> timedOut) {
        Pending<A, T> request = new Pending<>(expected, done, timedOut);
        pending.put(requestId, request);
        scheduler.accept(timeout, () -> {
            if (pending.remove(requestId, request)) {
                request.timeOut();
            }
        });
        return request.result;
    }

    /** Whether this server asked it (a server sees its own requests on the request channel). */
    boolean isOwn(String requestId) {
        return requestId != null && pending.containsKey(requestId);
    }

    /** An answer from another server; ignored if the request is unknown or already settled. */
    void answer(String requestId, A response) {
        Pending<A, ?> request = requestId == null ? null : pending.get(requestId);
        if (request != null && request.add(response)) {
            pending.remove(requestId, request);
        }
    }

    /** Fails every pending request (the adapter closes). */
    void abandon(Throwable reason) {
        pending.values().forEach(p -> p.result.completeExceptionally(reason));
        pending.clear();
    }

    private static final class Pending<A, T> {
        private final int expected;
        private final Function<List<A>, T> done;
        private final Function<List<A>, Throwable> timedOut;
        private final List<A> answers = new ArrayList<>();
        final CompletableFuture<T> result = new CompletableFuture<>();

        Pending(int expected, Function<List<A>, T> done,
                Function<List<A>, Throwable> timedOut) {
            this.expected = expected;
            this.done = done;
            this.timedOut = timedOut;
        }

        /** Adds an answer; true once all arrived and the result is set. */
        synchronized boolean add(A answer) {
            if (result.isDone()) {
                return true;
            }
            answers.add(answer);
            if (answers.size() < expected) {
                return false;
            }
            try {
                result.complete(done.apply(List.copyOf(answers)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
            return true;
        }

        synchronized void timeOut() {
            result.completeExceptionally(timedOut.apply(List.copyOf(answers)));
        }
    }
}
