package dev.parley.chat.cluster;

import java.time.Duration;

/**
 * At most a number of actions per user in a sliding window, counted over every node of the chat (on one
 * node in memory; on several in their shared store). Thread-safe; may block (a network round trip).
 */
public interface UserRateLimit {
    /** Records an action and returns true, or returns false if the user is over the limit. */
    boolean tryAcquire(String user);

    /** How long until the user may act again: zero if now, else until their oldest action leaves the window. */
    Duration retryAfter(String user);
}
