package dev.parley.push.feeds;

/**
 * A feed as {@code GET /api/feeds} shows it, at one moment. Times are epoch milliseconds, -1 for never.
 *
 * @param name the feed's name
 * @param topic where its changes are published ({@code feed:<name>})
 * @param url its URL, with the user information dropped and query values masked ({@link FeedSpec#displayUrl})
 * @param everyMillis the pause between polls while healthy
 * @param state {@code pending} (not polled yet), {@code ok} (the last poll succeeded) or {@code failing}
 * @param lastSuccessAt when a poll last succeeded (changed or not)
 * @param lastChangeAt when a change was last published
 * @param lastError the last failure, null if none yet (kept after a recovery: see {@code state})
 * @param consecutiveFailures failed polls since the last success
 * @param nextAttemptAt when the next poll starts (-1 while one is under way or the relay is stopped)
 * @param lastEventId the id of the event last published to the topic, -1 for none
 * @param polls polls completed
 * @param published changes published
 */
public record FeedStatus(String name, String topic, String url, long everyMillis, String state, long lastSuccessAt,
        long lastChangeAt, LastError lastError, int consecutiveFailures, long nextAttemptAt, long lastEventId,
        long polls, long published) {

    /** A failure: its kind ({@link FeedError#wireName()}), a message a person can act on, and when it came. */
    public record LastError(String kind, String message, long at) {
    }

    public boolean failing() {
        return "failing".equals(state);
    }
}
