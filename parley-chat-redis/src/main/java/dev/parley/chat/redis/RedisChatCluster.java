package dev.parley.chat.redis;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.cluster.ChatCluster;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.cluster.UserRateLimit;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parley Chat on several nodes: presence, the per-user rate limits and the attempt limits of secrets, sign-ins and
 * registrations in one Redis that all the nodes share
 * (with the same key prefix), each node registering its users' tabs under an id of its own and a liveness key
 * with a short time to live. A node that dies (or stops) lets its key expire, and one of the others removes
 * its tabs and announces, once, the users that went offline and the rooms they left with it.
 *
 * <pre>{@code
 * ChatCluster cluster = RedisChatCluster.connect("redis://127.0.0.1:6379", "socket.io:chat", Duration.ofSeconds(5));
 * ParleyChat chat = ParleyChat.open(config, socketIoConfigWithTheRedisAdapter, cluster);
 * }</pre>
 *
 * <p>One Redis server (or a primary with replicas, {@code redis://}, {@code rediss://}, Sentinel: what Lettuce's
 * {@code RedisClient} reads), not a Redis Cluster: the scripts build their keys. Thread-safe. One connection,
 * pipelined, shared by the chat's handler threads, and one daemon thread for the liveness key. Every call
 * blocks for one round trip at most {@link #COMMAND_TIMEOUT}.
 */
public final class RedisChatCluster implements ChatCluster {
    /** How long after a node's last beat its users go offline: 5 s (a node beats every second). */
    public static final Duration DEFAULT_NODE_TTL = Duration.ofSeconds(5);
    /** How long one Redis command may take before it fails: 5 s. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final String node;
    private final RedisPresence presence;
    private final NodeLiveness liveness;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisChatCluster(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> connection,
            String prefix, Duration nodeTtl) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.node = UUID.randomUUID().toString();
        this.presence = new RedisPresence(connection.sync(), prefix, node);
        this.liveness = new NodeLiveness(connection.sync(), prefix, node, nodeTtl, presence);
    }

    /**
     * Connects, and sets this node's liveness key, now.
     *
     * @param keyPrefix the prefix of every key, the same on every node of one chat (e.g. the Socket.IO adapter's
     *     key and {@code ":chat"})
     * @param nodeTtl how long this node's tabs outlive its last beat: its users go offline between {@code nodeTtl}
     *     and 1.2 times it after it dies (beats every {@code nodeTtl / 5})
     * @throws IllegalArgumentException for a TTL under 100 ms or a blank prefix
     * @throws RuntimeException (Lettuce's) if Redis cannot be reached
     */
    public static RedisChatCluster connect(String redisUri, String keyPrefix, Duration nodeTtl) {
        Objects.requireNonNull(redisUri, "redisUri");
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new IllegalArgumentException("the key prefix must not be blank");
        }
        if (nodeTtl == null || nodeTtl.toMillis() < 100) {
            throw new IllegalArgumentException("the node TTL must be at least 100 ms, was " + nodeTtl);
        }
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(redisUri));
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        RedisChatCluster cluster = null;
        try {
            cluster = new RedisChatCluster(resources, client, client.connect(), keyPrefix, nodeTtl);
            cluster.liveness.start();
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                client.shutdown(0, 2, TimeUnit.SECONDS);
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    @Override
    public PresenceRegistry presence() {
        return presence;
    }

    @Override
    public UserRateLimit rateLimit(String name, int limit, Duration window) {
        if (limit <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive limit and window");
        }
        return new RedisRateLimit(connection.sync(), prefix + ":rate:" + name + ":", node, limit, window);
    }

    @Override
    public UserRateLimit tokenBucket(String name, int burst, int perSecond) {
        if (burst <= 0 || perSecond <= 0) {
            throw new IllegalArgumentException("a token bucket needs a positive burst and rate");
        }
        return new RedisTokenBucket(connection.sync(), prefix + ":bucket:" + name + ":", burst, perSecond);
    }

    @Override
    public AttemptLimit attemptLimit(String name, int limit, Duration window, int maxKeys) {
        if (limit <= 0 || window.isNegative() || window.isZero() || maxKeys <= 0) {
            throw new IllegalArgumentException("an attempt limit needs a positive limit, window and table size");
        }
        return new RedisAttemptLimit(connection.sync(), prefix + ":attempts:" + name + ":", name, limit, window, maxKeys);
    }

    /** This node's id in Redis (a random UUID per process). */
    public String nodeId() {
        return node;
    }

    /**
     * Stops the liveness beats and closes the connection. The node's tabs stay until its key expires, then
     * another node announces their departure (users who reconnected elsewhere meanwhile are not announced).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        liveness.close();
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
