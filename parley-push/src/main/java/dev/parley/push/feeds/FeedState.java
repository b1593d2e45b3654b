package dev.parley.push.feeds;

/**
 * What the relay knows of one feed's health, changed on the scheduler thread and read (as {@link FeedStatus})
 * from any; each change returns whether it moved the feed to another state, the only thing worth a log line.
 * A state is {@code pending}, {@code ok} or {@code failing} with a {@link FeedError}: a feed timing out on
 * every poll logs once, and again only when it recovers or fails another way.
 */
final class FeedState {
    private final FeedSpec spec;
    private FeedError failingWith;
    private boolean polledOnce;
    private long lastSuccessAt = -1;
    private long lastChangeAt = -1;
    private FeedStatus.LastError lastError;
    private int consecutiveFailures;
    private long nextAttemptAt = -1;
    private long lastEventId = -1;
    private long polls;
    private long published;

    FeedState(FeedSpec spec) {
        this.spec = spec;
    }

    /** A poll succeeded; {@code eventId} is the event published, or -1 for no change. True on a change of state. */
    synchronized boolean succeeded(long now, long eventId) {
        boolean changedState = !polledOnce || failingWith != null;
        polledOnce = true;
        polls++;
        failingWith = null;
        consecutiveFailures = 0;
        lastSuccessAt = now;
        if (eventId >= 0) {
            lastEventId = eventId;
            lastChangeAt = now;
            published++;
        }
        return changedState;
    }

    /** A poll failed. True on a change of state (from ok or pending, or to another kind of failure). */
    synchronized boolean failed(long now, FeedFailure failure) {
        boolean changedState = failingWith != failure.kind();
        polledOnce = true;
        polls++;
        failingWith = failure.kind();
        consecutiveFailures++;
        lastError = new FeedStatus.LastError(failure.kind().wireName(), failure.getMessage(), now);
        return changedState;
    }

    synchronized void nextAttemptAt(long at) {
        nextAttemptAt = at;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized FeedStatus status() {
        String state = !polledOnce ? "pending" : failingWith == null ? "ok" : "failing";
        return new FeedStatus(spec.name(), spec.topic(), spec.displayUrl(), spec.every().toMillis(), state,
                lastSuccessAt, lastChangeAt, lastError, consecutiveFailures, nextAttemptAt, lastEventId, polls,
                published);
    }
}
