package dev.parley.benchmarks.load;

/**
 * One subscriber of the {@code push} scenario, whatever its transport: the last event id it saw (ids
 * increase on a topic, so a repeated or older id is a duplicate or a reordering) and how many of the
 * window's events it got. Written on its connection's event loop only; read by the scenario after the drain.
 */
final class PushSubscriber {
    private final PushTally tally;
    private long lastId = -1;
    private volatile long windowDeliveries;
    private volatile boolean ready;
    private volatile boolean closed;

    PushSubscriber(PushTally tally) {
        this.tally = tally;
    }

    /** An event with id {@code id} (-1: unknown) and send stamp {@code stamp} arrived at {@code now}. */
    void onEvent(long id, long stamp, long now) {
        if (id >= 0) {
            if (id <= lastId) {
                tally.outOfOrder();
                return;
            }
            lastId = id;
        }
        if (tally.delivered(stamp, now)) {
            windowDeliveries++;
        }
    }

    /** The server said its history no longer reaches back to this subscriber's position. */
    void onGap() {
        tally.gap();
    }

    void onMalformed() {
        tally.malformed();
    }

    void onPollAnswered() {
        tally.pollAnswered();
    }

    long lastId() {
        return lastId;
    }

    void ready() {
        ready = true;
    }

    void closed() {
        closed = true;
    }

    boolean isReady() {
        return ready;
    }

    boolean isClosed() {
        return closed;
    }

    long windowDeliveries() {
        return windowDeliveries;
    }
}
