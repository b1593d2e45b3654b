package dev.parley.chat;

/**
 * The budget of a user's read requests (docs/chat.md, "Reading limits"): every event that reads the database
 * without writing anything others see, {@code history}, {@code private:history}, {@code history:around},
 * {@code history:newer}, {@code sync}, {@code changes}, {@code conversations}, {@code announcements},
 * {@code mentions}, {@code mentions:read}, {@code search}, {@code rooms:list} and {@code presence:list}, draws one
 * token from a bucket per user (all their tabs, on every node of a cluster) that holds {@code burst} tokens and
 * gets {@code perSecond} back a second. An empty bucket answers {@code rate_limited} with {@code retryAfter} (ms),
 * before anything is looked up. Immutable.
 *
 * @param burst reads a user may make at once, after a pause. Default {@value #DEFAULT_BURST}.
 * @param perSecond reads a user may make a second, sustained. Default {@value #DEFAULT_PER_SECOND}.
 */
public record ChatReadConfig(int burst, int perSecond) {
    /**
     * 200 reads at once: a page that comes back to 20 rooms asks for about 50 (the lists, its conversations, then
     * {@code sync} and {@code changes} of each room), so three tabs of one user reconnecting together pass.
     */
    public static final int DEFAULT_BURST = 200;
    /**
     * 20 reads a second: ten times what scrolling back through history or through search results asks, while one
     * user reads at most 20 pages (of at most {@link ChatConfig#SYNC_PAGE} messages) a second.
     */
    public static final int DEFAULT_PER_SECOND = 20;
    /** Every default. */
    public static final ChatReadConfig DEFAULTS = new ChatReadConfig(DEFAULT_BURST, DEFAULT_PER_SECOND);

    public ChatReadConfig {
        if (burst <= 0 || perSecond <= 0) {
            throw new IllegalArgumentException("the read budget's burst and rate must be positive");
        }
    }
}
