package dev.parley.chat.cluster;

import java.time.Duration;

/**
 * A limit of actions per user, counted over every node of the chat (on one node in memory; on several in their
 * shared store): at most a number in a sliding window ({@link ChatCluster#rateLimit}), or a token bucket
 * ({@link ChatCluster#tokenBucket}). Thread-safe; may block (a network round trip).
 */
public interface UserRateLimit {
    /** Records an action and returns true, or returns false if the user is over the limit. */
    boolean tryAcquire(String user);

    /**
     * How long until the user may act again: zero if now, else until their oldest action leaves the window (or
     * their bucket holds a token again).
     */
    Duration retryAfter(String user);
}
