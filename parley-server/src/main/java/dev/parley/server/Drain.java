package dev.parley.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain of a {@link ParleyServer} ({@link ParleyServer#drain}), on a thread of its own: readiness is
 * already down when it starts; after the policy's readiness delay the listener closes; then connections are
 * closed at the policy's rate, in batches every {@value #TICK_MILLIS} ms; once none is left (or at the hard
 * limit, whatever is left) the server stops, and the handlers still queued get the rest of the time to run.
 * Every step runs on the one scheduler thread, so they never overlap.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** How often a batch is closed: ten batches a second spread the reconnections without a burst per second. */
    static final long TICK_MILLIS = 100;
    /**
     * How long connections still closing may take once every one was asked to close: 2 s. A polling client
     * fetches its close packet with its next poll, at once when a poll is waiting (the usual case), within a
     * round trip otherwise; one that does not poll again (frozen, or gone) is not waited for until its ping
     * timeout. A raw WebSocket awaiting the peer's close frame is then left to the stop's own wait.
     */
    static final long CLOSING_GRACE_MILLIS = 2000;

    private final ParleyServer server;
    private final DrainPolicy policy;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-drain");
        t.setDaemon(true);
        return t;
    });
    private final long deadline;
    private long disconnectingSince;
    private long closed;
    /** When a batch found fewer open connections than it could close: every one has been asked since. */
    private long allAskedAt = -1;
    private boolean finished;

    Drain(ParleyServer server, DrainPolicy policy) {
        this.server = server;
        this.policy = policy;
        this.deadline = System.nanoTime() + policy.timeout().toNanos();
    }

    CompletableFuture<Void> start() {
        LOG.info("Draining: readiness is down; the listener closes in {} ms, then {} connection(s) close at {}/s; "
                + "hard limit {} ms", policy.readinessDelay().toMillis(), server.openConnections(), policy.rate(),
                policy.timeout().toMillis());
        scheduler.schedule(this::stopAccepting, policy.readinessDelay().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.schedule(this::hardLimit, policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    private void stopAccepting() {
        if (finished) {
            return;
        }
        server.stopAccepting();
        disconnectingSince = System.nanoTime();
        tick();
    }

    /** Closes what the rate allows since disconnecting began, then comes back, until nothing is open. */
    private void tick() {
        if (finished) {
            return;
        }
        double seconds = (System.nanoTime() - disconnectingSince) / 1e9;
        // The first batch goes at once; after it, the rate holds on average.
        long allowed = (long) Math.ceil(policy.rate() * (seconds + TICK_MILLIS / 1000.0));
        long budget = Math.min(Integer.MAX_VALUE, allowed - closed);
        if (budget > 0) {
            int closedNow = server.closeConnections((int) budget);
            closed += closedNow;
            if (closedNow < budget && allAskedAt < 0) {
                allAskedAt = System.nanoTime();
            }
        }
        boolean graceOver = allAskedAt >= 0
                && System.nanoTime() - allAskedAt >= TimeUnit.MILLISECONDS.toNanos(CLOSING_GRACE_MILLIS);
        if (server.openConnections() == 0 || graceOver) {
            LOG.info("Drained: {} connection(s) closed in {} ms", closed,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - disconnectingSince));
            finish();
        } else {
            scheduler.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void hardLimit() {
        if (finished) {
            return;
        }
        LOG.warn("Drain timeout ({} ms): closing the {} connection(s) left at once", policy.timeout().toMillis(),
                server.openConnections());
        finish();
    }

    private void finish() {
        finished = true;
        try {
            server.stopWithin(remaining());
            Duration left = remaining();
            if (!left.isZero() && !server.awaitHandlers(left)) {
                LOG.warn("Drain timeout: handlers were still running when the time was up");
            }
            done.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
