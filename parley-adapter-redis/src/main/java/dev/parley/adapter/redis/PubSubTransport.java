package dev.parley.adapter.redis;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What the adapters of one node need from Redis: classic (non-sharded) pub/sub, and how many connections
 * subscribe to a channel. One instance per node, shared by all its namespaces; {@link #connect} picks the
 * implementation from {@link RedisAdapterOptions#uri()}: {@link RedisPubSub} for one Redis server,
 * {@link ClusterTransport} for a Redis Cluster.
 *
 * <p>Contract common to both: a publish never throws and never queues while Redis is unreachable (it is
 * counted in {@link #lostPublishes()} and logged); subscriptions are made again by themselves after a
 * reconnection; handlers get messages on Lettuce's I/O threads and must only hand them on. Thread-safe.
 */
interface PubSubTransport extends AutoCloseable {

    /** Connects to what the URI names; fails at once (with Lettuce's exception) if it cannot be reached now. */
    static PubSubTransport connect(String uri) {
        return RedisTarget.connect(uri);
    }

    /** Subscribes to channels; completes when Redis confirmed. */
    CompletionStage<Void> subscribe(BiConsumer<String, byte[]> handler, String... names);

    /** Subscribes to a pattern; completes when Redis confirmed. */
    CompletionStage<Void> psubscribe(String pattern, BiConsumer<String, byte[]> handler);

    /** Drops a pattern (none if null) and channels; completes at once when already closed. */
    CompletionStage<Void> unsubscribe(String pattern, String... names);

    /**
     * Subscribes to one sharded channel (SSUBSCRIBE, Redis 7); completes when Redis confirmed. On a Redis
     * Cluster the subscription is made on the master that owns the channel's slot.
     */
    CompletionStage<Void> ssubscribe(String channel, BiConsumer<String, byte[]> handler);

    /** Drops one sharded channel (SUNSUBSCRIBE); completes at once when already closed. */
    CompletionStage<Void> sunsubscribe(String channel);

    /** Publishes on a sharded channel (SPUBLISH); a failure is counted and logged, never thrown. */
    CompletionStage<Void> spublish(String channel, byte[] message);

    /**
     * How many connections subscribe to the sharded channel (PUBSUB SHARDNUMSUB; on a cluster, the sum over its
     * masters, as Node's adapter counts on node-redis), or an error if Redis cannot be asked.
     */
    CompletionStage<Long> shardNumsub(String channel);

    /** Publishes; a failure (Redis unreachable) is counted and logged, never thrown. */
    CompletionStage<Void> publish(String channel, byte[] message);

    /**
     * How many connections subscribe to the channel anywhere in Redis (PUBSUB NUMSUB; on a cluster, the
     * sum over its masters), or an error if Redis cannot be asked.
     */
    CompletionStage<Long> numsub(String channel);

    /**
     * Completes when Redis answered a PING on the publishing connection while the subscribed one is open;
     * fails at once if either is down (a health check).
     */
    CompletionStage<Void> probe();

    /** Publishes that could not be made since this node started. */
    long lostPublishes();

    @Override
    void close();
}
