package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.SubscriptionMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How a Parley node joins a Socket.IO cluster over Redis, with the names and defaults of Node's
 * {@code @socket.io/redis-adapter} {@code createAdapter(pub, sub, opts)}.
 *
 * @param uri where Redis is, as Lettuce reads it (user, password, {@code rediss://} for TLS, query options):
 *     {@code redis://host:port[/db]} names one Redis server; {@code redis://host1:7000,host2:7001} (several
 *     comma-separated nodes in one URI) names a Redis Cluster by some of its nodes, the others being
 *     discovered. A single {@code redis://host:7000} whose server is a Redis Cluster node ({@code INFO cluster}
 *     says {@code cluster_enabled:1}) is taken as that cluster too, since one connection to one node would see
 *     that node's subscribers only. The credentials and TLS of the URI apply to every node of a cluster.
 * @param key the prefix of every channel (Node's {@code key}); default {@value #DEFAULT_KEY}. Servers
 *     with the same key and namespace form one cluster.
 * @param requestsTimeout how long a request to the other servers waits for their answers (Node's
 *     {@code requestsTimeout}); default 5 s
 * @param publishOnSpecificResponseChannel whether answers go to the asking server's own channel instead of
 *     the namespace's common one (Node's option of that name); default false, as Node
 * @param maxPendingDeliveries the most messages from other servers waiting to be applied to one namespace
 *     on this server; past it, messages are dropped, counted and logged; default 65,536
 * @param protocol which Node adapter to speak: {@link Protocol#CLASSIC} ({@code createAdapter}, the default)
 *     or {@link Protocol#SHARDED} ({@code createShardedAdapter}, Redis 7 sharded pub/sub), where {@code key} is
 *     Node's {@code channelPrefix} and {@code publishOnSpecificResponseChannel} does not apply (responses always
 *     go to the requester's channel)
 * @param subscriptionMode the sharded adapter's {@code subscriptionMode}; default {@link SubscriptionMode#DYNAMIC},
 *     as Node; ignored by the classic protocol
 * @param streams the options of {@link Protocol#STREAMS}, where {@code key} is Node's {@code channelPrefix};
 *     default {@link StreamOptions#defaults()}
 */
public record RedisAdapterOptions(String uri, String key, Duration requestsTimeout,
        boolean publishOnSpecificResponseChannel, int maxPendingDeliveries, Protocol protocol,
        SubscriptionMode subscriptionMode, StreamOptions streams) {
    /** The Node adapter whose wire protocol a node speaks. */
    public enum Protocol {
        /** {@code createAdapter}: classic pub/sub (PUBLISH, PSUBSCRIBE). */
        CLASSIC,
        /** {@code createShardedAdapter}: sharded pub/sub (SPUBLISH, SSUBSCRIBE), Redis 7 or later. */
        SHARDED,
        /** {@code @socket.io/redis-streams-adapter}: Redis streams (XADD, XREAD), recovery on any server. */
        STREAMS
    }

    public static final String DEFAULT_KEY = "socket.io";
    public static final Duration DEFAULT_REQUESTS_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING_DELIVERIES = 65_536;

    public RedisAdapterOptions {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestsTimeout, "requestsTimeout");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(subscriptionMode, "subscriptionMode");
        Objects.requireNonNull(streams, "streams");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (requestsTimeout.isNegative() || requestsTimeout.isZero()) {
            throw new IllegalArgumentException("requestsTimeout must be positive");
        }
        if (maxPendingDeliveries < 1) {
            throw new IllegalArgumentException("maxPendingDeliveries must be at least 1");
        }
    }

    /** The defaults, on this Redis server. */
    public static RedisAdapterOptions of(String uri) {
        return new RedisAdapterOptions(uri, DEFAULT_KEY, DEFAULT_REQUESTS_TIMEOUT, false, DEFAULT_MAX_PENDING_DELIVERIES,
                Protocol.CLASSIC, SubscriptionMode.DYNAMIC, StreamOptions.defaults());
    }

    public RedisAdapterOptions withKey(String value) {
        return new RedisAdapterOptions(uri, value, requestsTimeout, publishOnSpecificResponseChannel, maxPendingDeliveries, protocol, subscriptionMode, streams);
    }

    public RedisAdapterOptions withRequestsTimeout(Duration value) {
        return new RedisAdapterOptions(uri, key, value, publishOnSpecificResponseChannel, maxPendingDeliveries, protocol, subscriptionMode, streams);
    }

    public RedisAdapterOptions withPublishOnSpecificResponseChannel(boolean value) {
        return new RedisAdapterOptions(uri, key, requestsTimeout, value, maxPendingDeliveries, protocol, subscriptionMode, streams);
    }

    public RedisAdapterOptions withMaxPendingDeliveries(int value) {
        return new RedisAdapterOptions(uri, key, requestsTimeout, publishOnSpecificResponseChannel, value, protocol, subscriptionMode, streams);
    }

    public RedisAdapterOptions withProtocol(Protocol value) {
        return new RedisAdapterOptions(uri, key, requestsTimeout, publishOnSpecificResponseChannel, maxPendingDeliveries,
                value, subscriptionMode, streams);
    }

    public RedisAdapterOptions withSubscriptionMode(SubscriptionMode value) {
        return new RedisAdapterOptions(uri, key, requestsTimeout, publishOnSpecificResponseChannel, maxPendingDeliveries,
                protocol, value, streams);
    }

    public RedisAdapterOptions withStreams(StreamOptions value) {
        return new RedisAdapterOptions(uri, key, requestsTimeout, publishOnSpecificResponseChannel, maxPendingDeliveries,
                protocol, subscriptionMode, value);
    }

    @Override
    public String toString() {
        // The URI may hold a password.
        return "RedisAdapterOptions[uri=" + RedisUris.redact(uri) + ", key=" + key + ", requestsTimeout="
                + requestsTimeout + ", publishOnSpecificResponseChannel=" + publishOnSpecificResponseChannel
                + ", maxPendingDeliveries=" + maxPendingDeliveries + ", protocol=" + protocol
                + ", subscriptionMode=" + subscriptionMode.wireName() + ", streams=" + streams + "]";
    }
}
