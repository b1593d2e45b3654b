package dev.parley.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PubSubTransport} on one Redis server (not a cluster). One node's two Redis connections, shared
 * by the adapters of all its namespaces: one publishes and asks
 * (PUBLISH, PUBSUB NUMSUB), one is subscribed. Lettuce reconnects both after an outage and subscribes
 * again by itself. While Redis is unreachable a publish fails at once instead of queueing (commands are
 * rejected when disconnected): what other servers should have received then is lost, counted and logged.
 * Reconnection attempts back off from {@value #MIN_RECONNECT_MILLIS} ms to at most one per
 * {@value #MAX_RECONNECT_MILLIS} ms, so the cluster heals within about a second of Redis coming back.
 *
 * <p>Handlers get messages on Lettuce's I/O threads: they must only hand them on.
 */
final class RedisPubSub implements PubSubTransport {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPubSub.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** The first reconnection attempt: soon, a restarted Redis is often back at once. */
    private static final long MIN_RECONNECT_MILLIS = 50;
    /**
     * Lettuce's default backoff doubles up to 30 s: after a 10 s outage the next attempt came about 7 s after
     * Redis was back (measured in ClusterFaultsIT), and every cross-server message of those seconds was lost.
     * A refused connect on a loopback or LAN costs nothing, so try every second at most; the jitter spreads
     * the nodes of a cluster that all lost the same Redis.
     */
    private static final long MAX_RECONNECT_MILLIS = 1000;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> pub;
    private final StatefulRedisPubSubConnection<byte[], byte[]> sub;
    private final Map<String, BiConsumer<String, byte[]>> channels = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> patterns = new ConcurrentHashMap<>();
    private final AtomicLong lostPublishes = new AtomicLong();
    private final AtomicLong lostInOutage = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisPubSub(ClientResources resources, RedisClient client) {
        this.resources = resources;
        this.client = client;
        this.pub = client.connect(ByteArrayCodec.INSTANCE);
        this.sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                String name = new String(channel, StandardCharsets.UTF_8);
                BiConsumer<String, byte[]> handler = channels.get(name);
                if (handler != null) {
                    handler.accept(name, message);
                }
            }

            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                BiConsumer<String, byte[]> handler = patterns.get(new String(pattern, StandardCharsets.UTF_8));
                if (handler != null) {
                    handler.accept(new String(channel, StandardCharsets.UTF_8), message);
                }
            }
        });
    }

    /** Connects both connections; fails at once if Redis cannot be reached now. */
    static RedisPubSub connect(String uri) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(MIN_RECONNECT_MILLIS),
                        Duration.ofMillis(MAX_RECONNECT_MILLIS), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            RedisPubSub redis = new RedisPubSub(resources, client);
            client.addListener(redis.new OutageLog(RedisUris.redact(uri)));
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Subscribes to channels; completes when Redis confirmed. */
    @Override
    public CompletionStage<Void> subscribe(BiConsumer<String, byte[]> handler, String... names) {
        for (String name : names) {
            channels.put(name, handler);
        }
        return sub.async().subscribe(bytes(names)).thenApply(v -> (Void) null);
    }

    /** Subscribes to a pattern; completes when Redis confirmed. */
    @Override
    public CompletionStage<Void> psubscribe(String pattern, BiConsumer<String, byte[]> handler) {
        patterns.put(pattern, handler);
        return sub.async().psubscribe(bytes(pattern)).thenApply(v -> (Void) null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String pattern, String... names) {
        patterns.remove(pattern);
        for (String name : names) {
            channels.remove(name);
        }
        if (closed.get() || !sub.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        return sub.async().punsubscribe(bytes(pattern))
                .thenCompose(v -> sub.async().unsubscribe(bytes(names)))
                .thenApply(v -> (Void) null);
    }

    /**
     * Publishes; a failure (Redis unreachable) is counted and logged, never thrown. After {@link #close} it
     * does nothing: an answer to a request that was already being handled has nobody to go to.
     */
    @Override
    public CompletionStage<Void> publish(String channel, byte[] message) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return pub.async().publish(bytes(channel)[0], message).handle((receivers, error) -> {
                if (error != null) {
                    lost(channel, error);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Lettuce throws instead of failing the future once its timer is stopped (a close racing this).
            if (!closed.get()) {
                lost(channel, e);
            }
            return CompletableFuture.completedFuture(null);
        }
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

    /** Publishes that could not be made since this node started. */
    @Override
    public long lostPublishes() {
        return lostPublishes.get();
    }

    private void lost(String channel, Throwable error) {
        lostPublishes.incrementAndGet();
        if (lostInOutage.getAndIncrement() == 0) {
            LOG.warn("Redis publish to {} lost (other servers will not receive it; more may follow until Redis"
                    + " is back): {}", channel, error.toString());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sub.close();
            pub.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS); // ours, not shared: the client does not shut it down
        }
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
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("INFO cluster refused ({}): taking Redis as one server, not a cluster", e.toString());
            return false;
        }
    }

    private static byte[][] bytes(String... names) {
        byte[][] all = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            all[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return all;
    }

    /**
     * Logs when Redis goes away and comes back, with what was lost meanwhile: one line each way per outage.
     * The outage lasts from the first of the two connections lost to the last one back (they reconnect
     * independently, and a publish fails until the publishing one is back).
     */
    private final class OutageLog implements RedisConnectionStateListener {
        private final String uri;
        /** The connections that are down; guarded by itself. */
        private final Set<Object> down = new HashSet<>();

        OutageLog(String uri) {
            this.uri = uri;
        }

        @Override
        public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> connection) {
            synchronized (down) {
                if (!closed.get() && down.add(connection) && down.size() == 1) {
                    LOG.warn("Redis {} unreachable: local traffic goes on, messages to other servers are lost until"
                            + " it is back", uri);
                }
            }
        }

        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> connection, SocketAddress address) {
            synchronized (down) {
                if (down.remove(connection) && down.isEmpty()) {
                    LOG.warn("Redis {} reachable again; {} publishes were lost during the outage", uri,
                            lostInOutage.getAndSet(0));
                }
            }
        }
    }
}
