package dev.parley.chat.redis;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.cluster.ChatCluster;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} attempts per key in a fixed window, counted over all nodes: a counter per key
 * {@code P:attempts:<name>:<key>} that expires (Redis's own clock) a window after the key's first counted attempt,
 * so Redis holds only the keys of the current windows, and no table needs a bound. Each call is one atomic script.
 *
 * <p>A resend by Lettuce after a reconnect may count an attempt twice: the limit errs on the strict side. When
 * Redis cannot be reached the node counts alone, in its memory (logged): the throttle still holds, per node, while
 * the shared store is away, rather than letting guesses through. Thread-safe; blocks for one round trip.
 */
final class RedisAttemptLimit implements AttemptLimit {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAttemptLimit.class);

    /**
     * KEYS: the key's counter. ARGV: "blocked", "failed", "acquire" or "refund"; the limit; the window in ms. 1 for
     * blocked (used up) or acquired (counted), else 0.
     */
    static final LuaScript COUNTER = new LuaScript("""
            local key, mode, limit = KEYS[1], ARGV[1], tonumber(ARGV[2])
            local n = tonumber(redis.call('GET', key) or '0')
            if mode == 'blocked' then
              return n >= limit and 1 or 0
            end
            if mode == 'refund' then
              if n > 0 then redis.call('DECR', key) end
              return 0
            end
            if mode == 'acquire' and n >= limit then
              return 0
            end
            if redis.call('INCR', key) == 1 then
              redis.call('PEXPIRE', key, ARGV[3])
            end
            return 1
            """);

    private final RedisCommands<String, String> redis;
    private final String keyPrefix;
    private final String limit;
    private final String windowMillis;
    private final AttemptLimit alone;

    RedisAttemptLimit(RedisCommands<String, String> redis, String keyPrefix, String name, int limit, Duration window,
            int maxKeys) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.limit = String.valueOf(limit);
        this.windowMillis = String.valueOf(Math.max(1, window.toMillis()));
        this.alone = ChatCluster.local().attemptLimit(name, limit, window, maxKeys);
    }

    @Override
    public boolean blocked(String key) {
        Long used = run(key, "blocked");
        return used == null ? alone.blocked(key) : used == 1;
    }

    @Override
    public void failed(String key) {
        if (run(key, "failed") == null) {
            alone.failed(key);
        }
    }

    @Override
    public boolean tryAcquire(String key) {
        Long counted = run(key, "acquire");
        return counted == null ? alone.tryAcquire(key) : counted == 1;
    }

    @Override
    public void refund(String key) {
        if (run(key, "refund") == null) {
            alone.refund(key);
        }
    }

    /** The script's answer, or null if Redis did not answer. */
    private Long run(String key, String mode) {
        try {
            return COUNTER.run(redis, ScriptOutputType.INTEGER, new String[] {keyPrefix + key}, mode, limit, windowMillis);
        } catch (RedisException e) {
            LOG.warn("Attempt limit {}: Redis did not answer, this node counts alone: {}", keyPrefix, e.toString());
            return null;
        }
    }
}
