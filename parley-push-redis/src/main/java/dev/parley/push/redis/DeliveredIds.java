package dev.parley.push.redis;

/**
 * The newest id this server's reader has handed to its hub, and the publishers waiting for it: a publication
 * returns once its own server holds it, so a publisher that polls the server it published to sees its event.
 * Thread-safe; publishers wait (they are off the event loops), the reader never does.
 */
final class DeliveredIds {
    private long last = Long.MIN_VALUE; // guarded by this

    synchronized void advance(long id) {
        if (id > last) {
            last = id;
            notifyAll();
        }
    }

    /** Waits until {@code id} was delivered, at most {@code timeoutNanos}; false if it was not by then. */
    synchronized boolean await(long id, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (last < id) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
