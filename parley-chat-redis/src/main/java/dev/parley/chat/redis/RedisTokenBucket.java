package dev.parley.chat.redis;

import dev.parley.chat.cluster.UserRateLimit;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per user, counted over all nodes: a hash {@code P:bucket:<name>:<user>} of the tokens left and
 * the time they were counted (Redis's own clock in milliseconds, so the nodes' clocks do not matter), refilled,
 * checked and taken from by one atomic script. The hash expires once the bucket would be full again (a full bucket
 * is the same as none), so Redis holds the users who acted in the last {@code burst / perSecond} seconds only,
 * two numbers each whatever the burst.
 *
 * <p>When Redis cannot be reached the action is allowed (logged), as {@link RedisRateLimit}'s: a limit against abuse
 * should not stop the chat while its presence store is away. Thread-safe.
 */
final class RedisTokenBucket implements UserRateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTokenBucket.class);

    /**
     * KEYS: the user's bucket. ARGV: burst, tokens a second, "acquire" or "peek". 0 if a token was there (and,
     * acquiring, was taken), else the ms until there is one (at least 1). Milliseconds keep the time exact in Lua's
     * doubles and in tostring's 14 digits.
     */
    static final LuaScript BUCKET = new LuaScript("""
            local key, burst, rate = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', key, 'tokens', 'at')
            local tokens = tonumber(state[1]) or burst
            local at = tonumber(state[2]) or now
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            if tokens < 1 then
              return math.max(1, math.ceil((1 - tokens) * 1000 / rate))
            end
            if ARGV[3] == 'acquire' then
              tokens = tokens - 1
              redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
              redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + 1)
            end
            return 0
            """);

    private final RedisCommands<String, String> redis;
    private final String keyPrefix;
    private final String burst;
    private final String perSecond;

    RedisTokenBucket(RedisCommands<String, String> redis, String keyPrefix, int burst, int perSecond) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.burst = String.valueOf(burst);
        this.perSecond = String.valueOf(perSecond);
    }

    @Override
    public boolean tryAcquire(String user) {
        return wait(user, "acquire") == 0;
    }

    @Override
    public Duration retryAfter(String user) {
        return Duration.ofMillis(wait(user, "peek"));
    }

    private long wait(String user, String mode) {
        try {
            Long millis = BUCKET.run(redis, ScriptOutputType.INTEGER, new String[] {keyPrefix + user}, burst, perSecond,
                    mode);
            return millis;
        } catch (RedisException e) {
            LOG.warn("Token bucket {}: Redis did not answer, the action is allowed: {}", keyPrefix, e.toString());
            return 0;
        }
    }
}
