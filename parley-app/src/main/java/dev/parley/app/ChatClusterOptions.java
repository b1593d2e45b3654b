package dev.parley.app;

import dev.parley.chat.cluster.ChatCluster;
import dev.parley.chat.redis.RedisChatCluster;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The chat on several nodes ({@code --redis}), mixed into {@code parley serve}: where the nodes share presence
 * and rate limits. Default TTL: {@link RedisChatCluster#DEFAULT_NODE_TTL}.
 */
final class ChatClusterOptions {
    /** Redis keys of the chat's presence and rate limits, under the cluster's {@code --redis-key}. */
    static final String KEY_SUFFIX = ":chat";

    @Option(names = "--node-ttl", converter = DurationConverter.class, defaultValue = "${env:PARLEY_NODE_TTL:-5s}",
            description = "Chat with --redis: how long a node's users stay online after it stops answering (killed, "
                    + "cut off); it refreshes a liveness key in Redis every fifth of it (env PARLEY_NODE_TTL). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration nodeTtl;

    /**
     * This node's share of the chat's presence and rate limits: in Redis under {@code redisKey}, or in memory for a
     * single server ({@code redis} null).
     *
     * @throws ClusterStartException if Redis cannot be reached
     */
    ChatCluster cluster(RedisUri redis, String redisKey) throws ClusterStartException {
        if (redis == null) {
            return ChatCluster.local();
        }
        try {
            return RedisChatCluster.connect(redis.value(), redisKey + KEY_SUFFIX, nodeTtl);
        } catch (RuntimeException e) {
            throw new ClusterStartException("the chat cannot keep its presence in Redis at " + redis + ": "
                    + redis.scrub(String.valueOf(e.getMessage())));
        }
    }

    /** The TTL is checked with the other options, before anything starts. */
    String problem() {
        return nodeTtl.toMillis() < 100 ? "--node-ttl must be at least 100ms, was " + nodeTtl : null;
    }
}
