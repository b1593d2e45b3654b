package dev.parley.chat.cluster;

import dev.parley.chat.internal.AuthThrottle;
import dev.parley.chat.internal.Presence;
import dev.parley.chat.internal.RateLimiter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the nodes of one chat share besides the database and the Socket.IO adapter: presence, the
 * per-user rate limits and the attempt limits of secrets, sign-ins and registrations. One node keeps them in memory ({@link #local()}); several keep them in a store they
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
        return local(System::nanoTime);
    }

    /** One node, its attempt limits on this clock (monotonic nanoseconds; another than the system's in tests). */
    static ChatCluster local(LongSupplier clock) {
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

            @Override
            public AttemptLimit attemptLimit(String name, int limit, Duration window, int maxKeys) {
                return new AuthThrottle(limit, window, maxKeys, clock);
            }
        };
    }

    /**
     * At most {@code limit} attempts per key in a fixed {@code window}; {@code name} tells it from the others. A store
     * in memory remembers at most {@code maxKeys} keys (the least recently seen forgotten first); a shared one may
     * instead let each key expire with its window.
     */
    AttemptLimit attemptLimit(String name, int limit, Duration window, int maxKeys);
}
