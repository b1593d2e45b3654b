package dev.parley.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PubSubTransport} on one Redis server: one connection publishes and asks (PUBLISH, PUBSUB
 * NUMSUB), one is subscribed. Lettuce reconnects both after an outage and subscribes again by itself. While
 * Redis is unreachable a publish fails at once instead of queueing (commands are rejected when
 * disconnected). Handlers get messages on Lettuce's I/O threads: they must only hand them on.
 */
final class RedisPubSub extends LettuceTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPubSub.class);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> pub;
    private final StatefulRedisPubSubConnection<byte[], byte[]> sub;

    private RedisPubSub(ClientResources resources, RedisClient client) {
        super(resources);
        this.client = client;
        this.pub = client.connect(ByteArrayCodec.INSTANCE);
        this.sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        sub.addListener(dispatcher());
    }

    /** Connects both connections; fails at once if Redis cannot be reached now. */
    static RedisPubSub connect(String uri) {
        ClientResources resources = fastReconnect();
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            RedisPubSub redis = new RedisPubSub(resources, client);
            client.addListener(redis.outageLog(RedisUris.redact(uri)));
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    RedisPubSubAsyncCommands<byte[], byte[]> subscriber() {
        return sub.async();
    }

    @Override
    boolean subscriberOpen() {
        return sub.isOpen();
    }

    @Override
    CompletionStage<Long> send(byte[] channel, byte[] message) {
        return pub.async().publish(channel, message);
    }

    @Override
    boolean carriesMessages(RedisChannelHandler<?, ?> connection) {
        return connection == pub || connection == sub;
    }

    /** How many connections subscribe to the channel (PUBSUB NUMSUB), or an error if Redis cannot be asked. */
    @Override
    public CompletionStage<Long> numsub(String channel) {
        try {
            return pub.async().pubsubNumsub(bytes(channel)).thenApply(counts -> {
                Long count = counts.values().stream().findFirst().orElse(0L);
                return count == null ? 0L : count;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // as in publish: closed under us
        }
    }

    @Override
    CompletionStage<Long> sendSharded(byte[] channel, byte[] message) {
        return pub.async().spublish(channel, message);
    }

    @Override
    public CompletionStage<Long> shardNumsub(String channel) {
        try {
            return pub.async().pubsubShardNumsub(bytes(channel)).thenApply(counts -> {
                Long count = counts.values().stream().findFirst().orElse(0L);
                return count == null ? 0L : count;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // as in numsub: closed under us
        }
    }

    @Override
    CompletionStage<String> ping() {
        return pub.async().ping();
    }

    @Override
    void closeConnections() {
        sub.close();
        pub.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /**
     * Whether this server is a node of a Redis Cluster ({@code INFO cluster} says {@code cluster_enabled:1}):
     * then one connection sees only the subscribers of that node, and the cluster client must be used. A server
     * that refuses INFO (an ACL without it) is taken as not a cluster node.
     */
    boolean isClusterNode() {
        try {
            String info = pub.async().info("cluster").get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return info != null && info.contains("cluster_enabled:1");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("INFO cluster refused ({}): taking Redis as one server, not a cluster", e.toString());
            return false;
        }
    }
}
