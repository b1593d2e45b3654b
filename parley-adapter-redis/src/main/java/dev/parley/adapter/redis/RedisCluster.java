package dev.parley.adapter.redis;

import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Parley node's membership in a Socket.IO cluster over Redis: two Redis connections shared by all
 * namespaces, and the adapter factory to give {@code SocketIoConfig}. Servers using the same Redis and
 * {@code key}, Parley or Node.js ({@code @socket.io/redis-adapter}'s {@code createAdapter}), form one
 * cluster; {@code @socket.io/redis-emitter} can publish into it. Redis may be one server or a Redis Cluster
 * ({@link RedisAdapterOptions#uri()} says how to name one). {@link RedisAdapterOptions#protocol()} picks the
 * protocol: classic pub/sub as Node's {@code createAdapter} uses it (also on a Redis Cluster, so Node servers
 * on {@code createCluster} of node-redis join), or sharded pub/sub as {@code createShardedAdapter} (Redis 7).
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.connect(RedisAdapterOptions.of("redis://127.0.0.1:6379"));
 * SocketIoServer io = new SocketIoServer(SocketIoConfig.builder().adapterFactory(cluster.adapterFactory()).build());
 * io.ready().toCompletableFuture().join(); // subscriptions confirmed
 * ...
 * io.close();      // closes the adapters (unsubscribes)
 * cluster.close(); // then the connections
 * }</pre>
 *
 * <p>Thread-safe. Messages from other servers are applied in order per namespace on a delivery thread of
 * this cluster (never a Redis I/O thread, never a Netty event loop).
 */
public final class RedisCluster implements AutoCloseable {
    private final RedisAdapterOptions options;
    private final PubSubTransport redis;
    private final ExecutorService deliveryPool;
    private final List<Adapter> adapters = new CopyOnWriteArrayList<>();

    private RedisCluster(RedisAdapterOptions options, PubSubTransport redis) {
        this.options = options;
        this.redis = redis;
        AtomicInteger threads = new AtomicInteger();
        // Threads as namespaces need them (each namespace runs on at most one at a time); idle ones go.
        this.deliveryPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "parley-redis-delivery-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Connects to Redis; fails at once (with Lettuce's exception) if it cannot be reached now. */
    public static RedisCluster connect(RedisAdapterOptions options) {
        return connect(options, null);
    }

    /** As {@link #connect}, on a Redis Cluster counting every byte its connections read when not null (tests). */
    static RedisCluster connect(RedisAdapterOptions options, java.util.concurrent.atomic.LongAdder bytesRead) {
        return new RedisCluster(options, RedisTarget.connect(options.uri(), bytesRead,
                options.protocol() == RedisAdapterOptions.Protocol.SHARDED));
    }

    public RedisAdapterOptions options() {
        return options;
    }

    /** Makes each namespace's adapter: {@code SocketIoConfig.builder().adapterFactory(cluster.adapterFactory())}. */
    public Function<AdapterNamespace, Adapter> adapterFactory() {
        return namespace -> {
            Adapter adapter = options.protocol() == RedisAdapterOptions.Protocol.SHARDED
                    ? new ShardedRedisAdapter(namespace, redis, options, deliveryPool)
                    : new ClassicRedisAdapter(namespace, redis, options, deliveryPool);
            adapters.add(adapter);
            return adapter;
        };
    }

    /** Whether the URI named a Redis Cluster (listed several nodes, or one node that is a cluster node). */
    public boolean isRedisCluster() {
        return redis instanceof ClusterTransport;
    }

    /**
     * A health probe: completes when Redis answered a PING on the publishing connection and the subscribed
     * connection is open; fails at once when either is down (while Lettuce reconnects in an outage). Cheap:
     * one round trip, nothing stored.
     */
    public CompletionStage<Void> ping() {
        return redis.probe();
    }

    /** Publishes that could not be made (Redis unreachable): what other servers missed. */
    public long lostPublishes() {
        return redis.lostPublishes();
    }

    /** Messages from other servers dropped because a namespace could not keep up. */
    public long droppedDeliveries() {
        return adapters.stream().mapToLong(a -> a instanceof ShardedRedisAdapter sharded ? sharded.droppedDeliveries()
                : ((ClassicRedisAdapter) a).droppedDeliveries()).sum();
    }

    /** Closes the Redis connections; close the Socket.IO server first (it closes the adapters). */
    @Override
    public void close() {
        redis.close();
        deliveryPool.shutdown();
    }
}
