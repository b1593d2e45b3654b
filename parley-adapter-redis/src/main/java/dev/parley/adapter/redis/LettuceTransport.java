package dev.parley.adapter.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
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
 * What both Lettuce transports share: routing messages to the adapters' handlers, subscriptions, publishes
 * that never throw nor queue (lost ones counted and logged), the outage log, and reconnection at most a
 * second apart. Subclasses bring their two connections.
 */
abstract class LettuceTransport implements PubSubTransport {
    private static final Logger LOG = LoggerFactory.getLogger(LettuceTransport.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** The first reconnection attempt: soon, a restarted Redis is often back at once. */
    private static final long MIN_RECONNECT_MILLIS = 50;
    /**
     * Lettuce's default backoff doubles up to 30 s: after a 10 s outage the next attempt came about 7 s after
     * Redis was back (measured in ClusterFaultsIT), and every cross-server message of those seconds was lost.
     * A refused connect on a loopback or LAN costs nothing, so try every second at most; the jitter spreads
     * the nodes of a cluster that all lost the same Redis.
     */
    private static final long MAX_RECONNECT_MILLIS = 1000;
    private static final int FLUSH_SECONDS = 2;

    private final Map<String, BiConsumer<String, byte[]>> channels = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> patterns = new ConcurrentHashMap<>();
    private final AtomicLong lostPublishes = new AtomicLong();
    private final AtomicLong lostInOutage = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClientResources resources;

    LettuceTransport(ClientResources resources) {
        this.resources = resources;
    }

    /** Resources whose reconnection delay is 50 ms to 1 s with jitter; the transport shuts them down. */
    static ClientResources fastReconnect() {
        return fastReconnect(null);
    }

    /** As {@link #fastReconnect()}, counting the bytes read into {@code bytesRead} when not null (tests). */
    static ClientResources fastReconnect(java.util.concurrent.atomic.LongAdder bytesRead) {
        DefaultClientResources.Builder builder = DefaultClientResources.builder()
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(MIN_RECONNECT_MILLIS),
                        Duration.ofMillis(MAX_RECONNECT_MILLIS), 2, TimeUnit.MILLISECONDS));
        if (bytesRead != null) {
            builder.nettyCustomizer(new ReadCounter(bytesRead));
        }
        return builder.build();
    }

    /** The subscribed connection's commands. */
    abstract RedisPubSubAsyncCommands<byte[], byte[]> subscriber();

    abstract boolean subscriberOpen();

    /** Sends a PUBLISH on the publishing connection. */
    abstract CompletionStage<Long> send(byte[] channel, byte[] message);

    /** Sends an SPUBLISH (to the node that owns the channel's slot on a cluster). */
    abstract CompletionStage<Long> sendSharded(byte[] channel, byte[] message);

    /** Sends a PING on the publishing connection (its answer comes after every earlier publish's). */
    abstract CompletionStage<String> ping();

    /** Closes the connections and the client (the resources are shut down after). */
    abstract void closeConnections();

    /** Whether the connection is one of the two whose loss loses messages (a client may have others). */
    abstract boolean carriesMessages(RedisChannelHandler<?, ?> connection);

    /** The listener to add to the subscribed connection: it hands each message to its adapter's handler. */
    final RedisPubSubAdapter<byte[], byte[]> dispatcher() {
        return new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                String name = new String(channel, StandardCharsets.UTF_8);
                BiConsumer<String, byte[]> handler = channels.get(name);
                if (handler != null) {
                    handler.accept(name, message);
                }
            }

            @Override
            public void smessage(byte[] channel, byte[] message) {
                message(channel, message);
            }

            @Override
            public void message(byte[] pattern, byte[] channel, byte[] message) {
                BiConsumer<String, byte[]> handler = patterns.get(new String(pattern, StandardCharsets.UTF_8));
                if (handler != null) {
                    handler.accept(new String(channel, StandardCharsets.UTF_8), message);
                }
            }
        };
    }

    /** The listener to add to the client: one log line each way per outage. */
    final RedisConnectionStateListener outageLog(String redactedUri) {
        return new OutageLog(redactedUri);
    }

    @Override
    public final CompletionStage<Void> subscribe(BiConsumer<String, byte[]> handler, String... names) {
        for (String name : names) {
            channels.put(name, handler);
        }
        return subscriber().subscribe(bytes(names)).thenApply(v -> (Void) null);
    }

    @Override
    public final CompletionStage<Void> psubscribe(String pattern, BiConsumer<String, byte[]> handler) {
        patterns.put(pattern, handler);
        return subscriber().psubscribe(bytes(pattern)).thenApply(v -> (Void) null);
    }

    @Override
    public final CompletionStage<Void> probe() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        if (!subscriberOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("subscriber connection down"));
        }
        try {
            return ping().thenApply(pong -> (Void) null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // closed under us, as in publish
        }
    }

    @Override
    public final CompletionStage<Void> unsubscribe(String pattern, String... names) {
        if (pattern != null) { // the streams adapter subscribes to channels only
            patterns.remove(pattern);
        }
        for (String name : names) {
            channels.remove(name);
        }
        if (closed.get() || !subscriberOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        if (pattern == null) {
            return subscriber().unsubscribe(bytes(names)).thenApply(v -> (Void) null);
        }
        return subscriber().punsubscribe(bytes(pattern))
                .thenCompose(v -> subscriber().unsubscribe(bytes(names)))
                .thenApply(v -> (Void) null);
    }

    @Override
    public final CompletionStage<Void> ssubscribe(String channel, BiConsumer<String, byte[]> handler) {
        channels.put(channel, handler);
        // One channel per command: a cluster refuses channels of different slots in one SSUBSCRIBE (CROSSSLOT).
        CompletionStage<Void> done = subscriber().ssubscribe(bytes(channel)).thenApply(v -> (Void) null);
        shardedSubscribed(channel, done);
        return done;
    }

    /**
     * Told of each sharded channel being subscribed, with the answer to come (a cluster's subscriptions follow
     * their slot, and one refused during a failover is tried again); nothing by default.
     */
    void shardedSubscribed(String channel, CompletionStage<Void> done) {
    }

    /** Told of each sharded channel unsubscribed; nothing by default. */
    void shardedUnsubscribed(String channel) {
    }

    @Override
    public final CompletionStage<Void> sunsubscribe(String channel) {
        channels.remove(channel);
        shardedUnsubscribed(channel);
        if (closed.get() || !subscriberOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        return subscriber().sunsubscribe(bytes(channel)).thenApply(v -> (Void) null);
    }

    @Override
    public final CompletionStage<Void> spublish(String channel, byte[] message) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return sendSharded(bytes(channel)[0], message).handle((receivers, error) -> {
                if (error != null) {
                    lost(channel, error);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (!closed.get()) {
                lost(channel, e);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Publishes; a failure (Redis unreachable) is counted and logged, never thrown. After {@link #close} it
     * does nothing: an answer to a request that was already being handled has nobody to go to.
     */
    @Override
    public final CompletionStage<Void> publish(String channel, byte[] message) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return send(bytes(channel)[0], message).handle((receivers, error) -> {
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

    @Override
    public final long lostPublishes() {
        return lostPublishes.get();
    }

    final boolean isClosed() {
        return closed.get();
    }

    /**
     * Flushes, then closes: publishes already handed to Lettuce (the last broadcasts of a server shutting
     * down) are waited for, up to {@value #FLUSH_SECONDS} s, by a PING behind them on the same connection.
     */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                ping().toCompletableFuture().get(FLUSH_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                    | RuntimeException e) {
                LOG.debug("Redis not flushed before closing: {}", e.toString());
            }
            closeConnections();
            resources.shutdown(0, 2, TimeUnit.SECONDS); // ours, not shared: the client does not shut it down
        }
    }

    private void lost(String channel, Throwable error) {
        lostPublishes.incrementAndGet();
        if (lostInOutage.getAndIncrement() == 0) {
            LOG.warn("Redis publish to {} lost (other servers will not receive it; more may follow until Redis"
                    + " is back): {}", channel, error.toString());
        }
    }

    static byte[][] bytes(String... names) {
        byte[][] all = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            all[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return all;
    }

    /**
     * Logs when Redis goes away and comes back, with what was lost meanwhile: one line each way per outage.
     * The outage lasts from the first of the two connections lost to the last one back (they reconnect
     * independently, and a publish fails until the publishing one is back). Other connections of the client
     * (a cluster's topology refreshes and per-master connections) say nothing about lost messages.
     */
    private final class OutageLog implements RedisConnectionStateListener {
        private final String uri;
        /** The connections that are down; guarded by itself. */
        private final Set<Object> down = new HashSet<>();

        OutageLog(String uri) {
            this.uri = uri;
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            synchronized (down) {
                if (carriesMessages(connection) && !closed.get() && down.add(connection) && down.size() == 1) {
                    LOG.warn("Redis {} unreachable: local traffic goes on, messages to other servers are lost until"
                            + " it is back", uri);
                }
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            synchronized (down) {
                if (down.remove(connection) && down.isEmpty()) {
                    LOG.warn("Redis {} reachable again; {} publishes were lost during the outage", uri,
                            lostInOutage.getAndSet(0));
                }
            }
        }
    }
}
