package dev.parley.adapter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@link RedisAdapterOptions#uri()} and connects the right {@link PubSubTransport}:
 * <ul>
 *   <li>{@code redis://host:port[/db]} or {@code rediss://...}, one host: one Redis server, unless that server
 *       says it is a Redis Cluster node ({@code INFO cluster}), in which case it is the cluster's seed;</li>
 *   <li>{@code redis://host1:7000,host2:7001[,...]}, several hosts (Lettuce's own multi-host form, as
 *       {@code RedisClusterClient.create(String)} reads it): a Redis Cluster with these seed nodes. User,
 *       password, TLS, timeout and client name of the URI apply to every node; a database number is ignored
 *       (a cluster has database 0 only);</li>
 *   <li>anything else Lettuce reads ({@code redis-sentinel://}, {@code redis-socket://}): one Redis server
 *       through Lettuce's {@code RedisClient}, as before.</li>
 * </ul>
 * Stateless.
 */
final class RedisTarget {
    private static final Set<String> TCP_SCHEMES = Set.of(RedisURI.URI_SCHEME_REDIS,
            RedisURI.URI_SCHEME_REDIS_SECURE, RedisURI.URI_SCHEME_REDIS_SECURE_ALT, RedisURI.URI_SCHEME_REDIS_TLS_ALT);

    private RedisTarget() {
    }

    static PubSubTransport connect(String uri) {
        return connect(uri, null, false);
    }

    /**
     * As {@link #connect(String)}; on a Redis Cluster, counts the bytes read into {@code bytesRead} when not null
     * (tests), and with {@code sharded} opens the subscribed connection to every master at once (sharded
     * channels are subscribed on their slot's master).
     */
    static PubSubTransport connect(String uri, java.util.concurrent.atomic.LongAdder bytesRead, boolean sharded) {
        List<RedisURI> seeds = clusterSeeds(uri);
        if (seeds.size() > 1) {
            return ClusterTransport.connect(seeds, RedisUris.redact(uri), bytesRead, sharded);
        }
        RedisPubSub single = RedisPubSub.connect(uri);
        if (seeds.size() == 1 && single.isClusterNode()) {
            // One connection to one node would see that node's subscribers only (PUBSUB NUMSUB is per node).
            single.close();
            return ClusterTransport.connect(seeds, RedisUris.redact(uri), bytesRead, sharded);
        }
        return single;
    }

    /**
     * The nodes a {@code redis://} or {@code rediss://} URI lists (one or more), or none for other schemes,
     * which name no cluster (Sentinel, Unix socket).
     */
    static List<RedisURI> clusterSeeds(String uri) {
        String scheme = uri.substring(0, Math.max(0, uri.indexOf("://"))).toLowerCase(Locale.ROOT);
        if (!TCP_SCHEMES.contains(scheme)) {
            return List.of();
        }
        List<RedisURI> seeds = RedisClusterURIUtil.toRedisURIs(URI.create(uri));
        // Lettuce carries credentials, TLS and timeout to every seed, not the client name (CLIENT SETNAME).
        String clientName = RedisURI.create(uri).getClientName();
        if (clientName != null) {
            seeds.forEach(seed -> seed.setClientName(clientName));
        }
        return seeds;
    }
}
