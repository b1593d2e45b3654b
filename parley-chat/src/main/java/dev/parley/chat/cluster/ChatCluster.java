package dev.parley.chat.cluster;

import dev.parley.chat.internal.Presence;
import dev.parley.chat.internal.RateLimiter;
import java.time.Duration;

/**
 * What the nodes of one chat share besides the database and the Socket.IO adapter: presence and the
 * per-user rate limits. One node keeps them in memory ({@link #local()}); several keep them in a store they
 * all reach (parley-chat-redis's {@code RedisChatCluster}). The chat closes it when it closes.
 */
public interface ChatCluster extends AutoCloseable {
    PresenceRegistry presence();

    /** A limit of {@code limit} actions per user and {@code window}; {@code name} tells it from the others. */
    UserRateLimit rateLimit(String name, int limit, Duration window);

    @Override
    void close();

    /** One node: everything in this process's memory. */
    static ChatCluster local() {
        Presence presence = new Presence();
        return new ChatCluster() {
            @Override
            public PresenceRegistry presence() {
                return presence;
            }

            @Override
            public UserRateLimit rateLimit(String name, int limit, Duration window) {
                return new RateLimiter(limit, window, System::nanoTime);
            }

            @Override
            public void close() {
            }
        };
    }
}
