package dev.parley.push.feeds;

import java.time.Duration;

/**
 * The one thread (or, in tests, the manual clock) on which the relay keeps its feeds: their polls start, their
 * outcomes are handled and their deadlines fire here, so a feed's state is touched by one thread at a time and
 * a hundred feeds cost no more threads than one.
 */
interface FeedScheduler {
    /** Wall-clock time in epoch milliseconds: what the status shows. */
    long nowMillis();

    /** Runs {@code task} after {@code delay}. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Runs {@code task} as soon as possible; after {@link #close}, never. May be called from any thread. */
    void execute(Runnable task);

    /** Stops running tasks. */
    void close();

    /** A task scheduled, until it runs. */
    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }
}
