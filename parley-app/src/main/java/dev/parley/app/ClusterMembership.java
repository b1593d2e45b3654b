package dev.parley.app;

import dev.parley.adapter.redis.RedisAdapterOptions;
import dev.parley.adapter.redis.RedisCluster;
import dev.parley.server.CheckResult;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.InMemoryAdapter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * This node's place in a Socket.IO cluster as {@code --redis} and {@code --adapter} chose it: alone (each
 * namespace gets an {@link InMemoryAdapter}) or a member over Redis ({@link RedisCluster}). The one place
 * where every application's {@code SocketIoConfig} gets its adapter factory.
 *
 * <p>Lifecycle: {@link #join} before the Socket.IO server is built; {@link #awaitReady} before the HTTP
 * server accepts; {@link #close} after the Socket.IO server is closed (which closes the adapters, so they
 * unsubscribe while the connections are still open). Thread-safe: immutable over a thread-safe cluster.
 */
final class ClusterMembership implements AutoCloseable {
    /** How long startup waits for Redis to confirm the subscriptions before giving up: 10 s. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    /** How long a readiness probe waits for Redis's PONG: 5 s (the health check's own timeout is shorter). */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern SYSCALL_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private final AdapterKind kind;
    private final RedisUri uri;
    private final RedisCluster redis;

    private ClusterMembership(AdapterKind kind, RedisUri uri, RedisCluster redis) {
        this.kind = kind;
        this.uri = uri;
        this.redis = redis;
    }

    /** A single server: nothing to connect, nothing to close. */
    static ClusterMembership single() {
        return new ClusterMembership(null, null, null);
    }

    /**
     * Connects to Redis now, so that an unreachable server stops startup at once.
     *
     * @throws ClusterStartException naming the URI (password hidden) and the cause
     */
    static ClusterMembership join(AdapterKind kind, RedisUri uri, RedisAdapterOptions options)
            throws ClusterStartException {
        RedisCluster redis = switch (kind) {
            case CLASSIC -> connect(uri, options.withProtocol(RedisAdapterOptions.Protocol.CLASSIC));
            case SHARDED -> connect(uri, options.withProtocol(RedisAdapterOptions.Protocol.SHARDED));
            case STREAMS -> connect(uri, options.withProtocol(RedisAdapterOptions.Protocol.STREAMS));
        };
        return new ClusterMembership(kind, uri, redis);
    }

    private static RedisCluster connect(RedisUri uri, RedisAdapterOptions options) throws ClusterStartException {
        try {
            return RedisCluster.connect(options);
        } catch (RuntimeException e) {
            throw new ClusterStartException("cannot connect to Redis at " + uri + ": " + uri.scrub(rootMessage(e)));
        }
    }

    boolean clustered() {
        return redis != null;
    }

    /**
     * Whether Redis answers now (a readiness check; blocks up to {@link #PROBE_TIMEOUT}): up for a single
     * server, else a PING on the publishing connection while the subscribed one is open.
     */
    CheckResult probe() {
        if (redis == null) {
            return CheckResult.ok();
        }
        try {
            redis.ping().toCompletableFuture().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return CheckResult.ok();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down("interrupted");
        } catch (TimeoutException e) {
            return CheckResult.down("Redis at " + uri + " did not answer a PING within " + PROBE_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return CheckResult.down("Redis at " + uri + ": " + uri.scrub(rootMessage(e)));
        }
    }

    /** The factory of each namespace's adapter, for {@code SocketIoConfig.Builder.adapterFactory}. */
    Function<AdapterNamespace, Adapter> adapterFactory() {
        return redis == null ? InMemoryAdapter::new : redis.adapterFactory();
    }

    /**
     * Waits until every namespace of the server receives what the other servers send, then asks how many
     * servers the main namespace has.
     *
     * @return the startup line ("cluster: classic Redis adapter on [Redis Cluster ]... (2 servers)"); empty for a single
     *     server or when there is no Socket.IO server
     * @throws ClusterStartException if Redis does not confirm within the timeout, or refuses
     */
    Optional<String> awaitReady(SocketIoServer io, Duration timeout) throws ClusterStartException, InterruptedException {
        if (redis == null || io == null) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            io.ready().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            int servers = io.sockets().adapter().serverCount().toCompletableFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            RedisAdapterOptions options = redis.options();
            return Optional.of("cluster: " + kind + " Redis adapter on " + (redis.isRedisCluster() ? "Redis Cluster " : "")
                    + uri + " key=" + options.key()
                    + (kind == AdapterKind.SHARDED ? " subscription-mode=" + options.subscriptionMode().wireName() : "")
                    + (kind == AdapterKind.STREAMS ? " stream=" + options.streams().streamName()
                            + " stream-count=" + options.streams().streamCount()
                            + " max-len=" + options.streams().maxLen() : "")
                    + " requests-timeout=" + options.requestsTimeout().toMillis() + "ms (" + servers
                    + (servers == 1 ? " server)" : " servers)"));
        } catch (TimeoutException e) {
            throw new ClusterStartException("Redis at " + uri + " did not confirm the subscriptions within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new ClusterStartException("Redis at " + uri + " refused the subscriptions: "
                    + uri.scrub(rootMessage(e)));
        }
    }

    /** Publishes to the other servers that could not be made (0 on a single server): for metrics. */
    long lostPublishes() {
        return redis == null ? 0 : redis.lostPublishes();
    }

    /** Messages from other servers dropped because a namespace could not keep up (0 on a single server). */
    long droppedDeliveries() {
        return redis == null ? 0 : redis.droppedDeliveries();
    }

    /** Closes the Redis connections; the Socket.IO server must be closed first. */
    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * The innermost message of the cause chain ("Connection refused" rather than Lettuce's "Unable to connect
     * to ..."), without the system call Netty's native transport puts before it ("finishConnect(..) failed
     * with error(-111): "), one line.
     */
    private static String rootMessage(Throwable error) {
        String message = error.toString();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        message = SYSCALL_PREFIX.matcher(message).replaceFirst("");
        return message.lines().findFirst().orElse(message);
    }
}
