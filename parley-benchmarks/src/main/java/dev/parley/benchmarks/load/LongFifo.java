package dev.parley.benchmarks.load;

/**
 * A first-in first-out queue of longs in a growing ring: the send stamps of one connection's outstanding
 * requests, matched to replies in order (an echo and a Socket.IO socket answer in order). Not thread-safe;
 * used only on the connection's event loop.
 */
final class LongFifo {
    private static final int INITIAL_CAPACITY = 8;

    private long[] ring = new long[INITIAL_CAPACITY];
    private int head;
    private int size;

    void add(long value) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = value;
        size++;
    }

    /** Removes and returns the oldest value; the queue must not be empty. */
    long poll() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        long value = ring[head];
        head = (head + 1) & (ring.length - 1);
        size--;
        return value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        long[] bigger = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
    }
}
