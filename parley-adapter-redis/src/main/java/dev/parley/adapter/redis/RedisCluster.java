package dev.parley.adapter.redis;

import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
 * on {@code createCluster} of node-redis join), sharded pub/sub as {@code createShardedAdapter} (Redis 7), or
 * Redis streams as {@code @socket.io/redis-streams-adapter} (Redis 6.2 or later, one server or a cluster): then the
 * node also has a connection for stream and key commands and one blocking reader connection and thread per stream,
 * and connection state recovery works on any server of the cluster.
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

    /** The stream commands and readers of the streams protocol; null for the others. */
    private final RedisStreams streams;
    /** Per stream, its reader and the adapters of the namespaces it carries (streams protocol). */
    private final Map<String, StreamRoute> routes = new ConcurrentHashMap<>();

    private RedisCluster(RedisAdapterOptions options, PubSubTransport redis, RedisStreams streams) {
        this.options = options;
        this.redis = redis;
        this.streams = streams;
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
        PubSubTransport redis = RedisTarget.connect(options.uri(), bytesRead,
                options.protocol() == RedisAdapterOptions.Protocol.SHARDED);
        if (options.protocol() != RedisAdapterOptions.Protocol.STREAMS) {
            return new RedisCluster(options, redis, null);
        }
        try {
            return new RedisCluster(options, redis, RedisStreams.connect(options.uri(), redis instanceof ClusterTransport));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public RedisAdapterOptions options() {
        return options;
    }

    /** Makes each namespace's adapter: {@code SocketIoConfig.builder().adapterFactory(cluster.adapterFactory())}. */
    public Function<AdapterNamespace, Adapter> adapterFactory() {
        return namespace -> {
            Adapter adapter = switch (options.protocol()) {
                case SHARDED -> new ShardedRedisAdapter(namespace, redis, options, deliveryPool);
                case STREAMS -> streamsAdapter(namespace);
                case CLASSIC -> new ClassicRedisAdapter(namespace, redis, options, deliveryPool);
            };
            adapters.add(adapter);
            return adapter;
        };
    }

    private StreamsRedisAdapter streamsAdapter(AdapterNamespace namespace) {
        StreamOptions so = options.streams();
        String stream = dev.parley.adapter.redis.wire.StreamIds.streamOf(namespace.name(), so.streamName(), so.streamCount());
        // One reader per stream, shared by the namespaces routed to it, as Node has one client per stream.
        StreamRoute route = routes.computeIfAbsent(stream, s -> {
            StreamRoute r = new StreamRoute();
            r.reader = streams.read(s, so, (id, fields) -> {
                StreamsRedisAdapter target = r.adapters.get(fields.get("nsp"));
                if (target != null) {
                    target.onEntry(id, fields);
                }
            });
            return r;
        });
        StreamsRedisAdapter adapter = new StreamsRedisAdapter(namespace, redis, streams, stream, route.reader.started(),
                options, deliveryPool);
        route.adapters.put(namespace.name(), adapter);
        adapter.whenClosed(() -> route.adapters.remove(namespace.name(), adapter));
        return adapter;
    }

    /** A stream's reader and the adapters it feeds, by namespace. */
    private static final class StreamRoute {
        final Map<String, StreamsRedisAdapter> adapters = new ConcurrentHashMap<>();
        StreamReader reader;
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
        return adapters.stream().mapToLong(a -> a instanceof ClusterAdapter cluster ? cluster.droppedDeliveries()
                : ((ClassicRedisAdapter) a).droppedDeliveries()).sum();
    }

    /** Closes the Redis connections; close the Socket.IO server first (it closes the adapters). */
    @Override
    public void close() {
        if (streams != null) {
            streams.close();
        }
        redis.close();
        deliveryPool.shutdown();
    }
}
