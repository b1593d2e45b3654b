package dev.parley.chat.redis;

import dev.parley.chat.cluster.UserRateLimit;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} actions per user in any {@code window}, counted over all nodes: a sliding log per user in
 * a sorted set {@code P:rate:<name>:<user>} (one entry per action, scored by Redis's own clock in microseconds,
 * so the nodes' clocks do not matter), trimmed and checked by one atomic script. The set expires a window after
 * its last action, so Redis holds the users active in the last window only.
 *
 * <p>When Redis cannot be reached the action is allowed (logged): a limit against abuse should not stop the chat
 * while its presence store is away. Thread-safe.
 */
final class RedisRateLimit implements UserRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimit.class);

    /**
     * KEYS: the user's log. ARGV: limit, window in µs, entry id, "acquire" or "peek". 0 if the action passed (and,
     * acquiring, was recorded), else the µs until the oldest entry leaves the window (at least 1).
     */
    static final LuaScript SLIDING_LOG = new LuaScript("""
            local key, limit, window = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
            if redis.call('ZCARD', key) >= limit then
              local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
              return math.max(1, tonumber(oldest[2]) + window - now)
            end
            if ARGV[4] == 'acquire' then
              redis.call('ZADD', key, now, ARGV[3])
              redis.call('PEXPIRE', key, math.ceil(window / 1000))
            end
            return 0
            """);

    private final RedisCommands<String, String> redis;
    private final String keyPrefix;
    private final String limit;
    private final String windowMicros;
    private final String node;
    private final AtomicLong entries = new AtomicLong();

    RedisRateLimit(RedisCommands<String, String> redis, String keyPrefix, String node, int limit, Duration window) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.node = node;
        this.limit = String.valueOf(limit);
        this.windowMicros = String.valueOf(Math.max(1, window.toNanos() / 1000));
    }

    @Override
    public boolean tryAcquire(String user) {
        // Unique per action across nodes: two actions in the same microsecond are two entries.
        return wait(user, "acquire", node + ":" + entries.incrementAndGet()) == 0;
    }

    @Override
    public Duration retryAfter(String user) {
        return Duration.ofNanos(wait(user, "peek", "") * 1000);
    }

    private long wait(String user, String mode, String entry) {
        try {
            Long micros = SLIDING_LOG.run(redis, ScriptOutputType.INTEGER, new String[] {keyPrefix + user}, limit,
                    windowMicros, entry, mode);
            return micros;
        } catch (RedisException e) {
            LOG.warn("Rate limit {}: Redis did not answer, the action is allowed: {}", keyPrefix, e.toString());
            return 0;
        }
    }
}
