package dev.parley.app;

import dev.parley.server.DrainPolicy;
import dev.parley.server.ParleyServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How {@code parley serve} ends: SIGTERM drains the server ({@link ParleyServer#drain}) with the policy of
 * {@code --drain-*}, SIGINT (Ctrl+C: a person at a terminal, no load balancer to tell) drains without the
 * readiness delay; then the application closes (its store after the handlers that were running), then the
 * cluster. Either signal lets {@code serve} return 0, so the process exits 0 after a drain. Any other way the
 * JVM ends (System.exit, a signal that could not be handled) runs the same drain from a shutdown hook.
 * The first trigger wins; later ones wait for it. Thread-safe.
 */
final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ParleyServer server;
    private final DrainPolicy policy;
    private final Runnable closeApplication;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /** {@code closeApplication} runs once the server has stopped: the application, then the cluster. */
    GracefulShutdown(ParleyServer server, DrainPolicy policy, Runnable closeApplication) {
        this.server = server;
        this.policy = policy;
        this.closeApplication = closeApplication;
    }

    /** Handles SIGTERM and SIGINT, and adds the shutdown hook. */
    void install() {
        handle("TERM", policy);
        handle("INT", policy.withReadinessDelay(Duration.ZERO));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            begin(policy, false);
            awaitQuietly();
        }, "parley-shutdown-hook"));
    }

    private void handle(String signal, DrainPolicy drain) {
        try {
            Signal.handle(new Signal(signal), s -> begin(drain, true));
        } catch (IllegalArgumentException e) {
            // -Xrs, or a JVM that keeps the signal: the shutdown hook drains instead (exit status 143).
            LOG.debug("Cannot handle SIG{}: {}", signal, e.getMessage());
        }
    }

    /**
     * Starts the drain and the closing on a thread of their own, once. {@code exitWhenDone} (a signal, not the
     * shutdown hook, in which exiting would wait for itself): the JVM exits with status 0 as soon as all is
     * closed, rather than when the last non-daemon thread winding down ends (Netty's global executor keeps
     * one for a second of quiet), so that nothing runs on past the drain.
     */
    void begin(DrainPolicy drain, boolean exitWhenDone) {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            run(drain);
            if (exitWhenDone) {
                System.exit(0);
            }
        }, "parley-shutdown");
        thread.start();
    }

    private void run(DrainPolicy drain) {
        try {
            server.drain(drain).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("Drain failed; stopping", e);
            try {
                server.stop();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            try {
                closeApplication.run();
            } finally {
                done.complete(null);
            }
        }
    }

    /** Returns once the server has drained and the application is closed. */
    void await() throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // done only ever completes normally
        }
    }

    private void awaitQuietly() {
        try {
            await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
