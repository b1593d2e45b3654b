package dev.parley.chat.cluster;

import dev.parley.chat.internal.AuthThrottle;
import dev.parley.chat.internal.Presence;
import dev.parley.chat.internal.RateLimiter;
import dev.parley.chat.internal.TokenBuckets;
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

    /**
     * A token bucket per user: {@code burst} actions at once, then {@code perSecond} a second; {@code name} tells
     * it from the others. Its state is two numbers per user whatever the burst (a sliding log keeps one entry per
     * action): for budgets of hundreds, such as the reads' ({@code ChatReadConfig}).
     */
    UserRateLimit tokenBucket(String name, int burst, int perSecond);

    @Override
    void close();

    /** One node: everything in this process's memory. */
    static ChatCluster local() {
        return local(System::nanoTime);
    }

    /**
     * One node, its attempt limits and token buckets on this clock (monotonic nanoseconds; another than the
     * system's in tests).
     */
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
            public UserRateLimit tokenBucket(String name, int burst, int perSecond) {
                return new TokenBuckets(burst, perSecond, clock);
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
