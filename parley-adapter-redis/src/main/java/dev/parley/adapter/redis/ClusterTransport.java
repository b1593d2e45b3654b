package dev.parley.adapter.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The {@link PubSubTransport} on a Redis Cluster, with Lettuce's {@code RedisClusterClient}: one cluster
 * connection publishes and asks, one cluster pub/sub connection is subscribed. Classic PUBLISH reaches the
 * subscribers of every node (the cluster bus forwards it), so each connection talks to one node only, and
 * Lettuce moves it to another node (subscribing again) when that one goes away.
 *
 * <p>Only masters are used ({@code nodeFilter}): Node's {@code @socket.io/redis-adapter} on node-redis counts
 * servers as the sum of {@code PUBSUB NUMSUB} over the masters, because PUBSUB NUMSUB answers for the node
 * asked only; a Parley subscriber sitting on a replica would be counted by no Node server. The topology is
 * refreshed every 30 s and on MOVED/ASK/reconnection, so a failover's new master is found.
 *
 * <p>While no node is reachable a publish fails at once (commands are rejected when disconnected): it is
 * lost, counted and logged. Handlers get messages on Lettuce's I/O threads: they must only hand them on.
 */
final class ClusterTransport implements PubSubTransport {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<byte[], byte[]> pub;
    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> sub;
    private final Map<String, BiConsumer<String, byte[]>> channels = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> patterns = new ConcurrentHashMap<>();
    private final AtomicLong lostPublishes = new AtomicLong();
    private final AtomicLong lostInOutage = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterTransport(RedisClusterClient client) {
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

    /** Connects to the cluster through these seed nodes; fails at once if none can be reached now. */
    static ClusterTransport connect(List<RedisURI> seeds, String redactedUri) {
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .nodeFilter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        try {
            ClusterTransport redis = new ClusterTransport(client);
            client.addListener(redis.new OutageLog(redactedUri));
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> subscribe(BiConsumer<String, byte[]> handler, String... names) {
        for (String name : names) {
            channels.put(name, handler);
        }
        return sub.async().subscribe(bytes(names)).thenApply(v -> (Void) null);
    }

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
     * Publishes on the default connection. Lettuce would route PUBLISH by the channel's hash slot, to a node
     * connection opened lazily; with REJECT_COMMANDS the first command waiting for such a connection is rejected
     * (lettuce#3747), so a publish would be lost each time a node is first used. A classic PUBLISH needs no slot:
     * the channel goes as a plain argument, not as a key, and any node forwards the message to all others.
     */
    @Override
    public CompletionStage<Void> publish(String channel, byte[] message) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add(bytes(channel)[0]).addValue(message);
        return pub.async().dispatch(CommandType.PUBLISH, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args).handle((receivers, error) -> {
            if (error != null) {
                lost(channel, error);
            }
            return null;
        });
    }

    /**
     * The sum of PUBSUB NUMSUB over the masters, as Node's adapter counts on node-redis. Each master is asked on
     * its own connection, once that connection is up (asking through a node selection would hit the same lazy
     * connection rejection as {@link #publish}). A master that cannot be asked within the command timeout, or
     * that the cluster marks as failed, counts 0: its subscribers have lost their connection and subscribe
     * again on another node. Fails only when no master answers.
     */
    @Override
    public CompletionStage<Long> numsub(String channel) {
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (RedisClusterNode node : pub.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                answers.add(pub.getConnectionAsync(node.getNodeId())
                        .thenCompose(connection -> connection.async().pubsubNumsub(bytes(channel)))
                        .thenApply(ClusterTransport::firstCount)
                        .toCompletableFuture()
                        .orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((ignored, anyError) -> {
            long sum = 0;
            int answered = 0;
            Throwable failure = anyError;
            for (CompletableFuture<Long> answer : answers) {
                if (!answer.isCompletedExceptionally()) {
                    sum += answer.join();
                    answered++;
                }
            }
            if (answered == 0) {
                throw new IllegalStateException("no Redis Cluster master answered PUBSUB NUMSUB", failure);
            }
            return sum;
        });
    }

    private static long firstCount(Map<byte[], Long> counts) {
        Long count = counts.values().stream().findFirst().orElse(0L);
        return count == null ? 0L : count;
    }

    @Override
    public long lostPublishes() {
        return lostPublishes.get();
    }

    private void lost(String channel, Throwable error) {
        lostPublishes.incrementAndGet();
        if (lostInOutage.getAndIncrement() == 0) {
            LOG.warn("Redis Cluster publish to {} lost (other servers will not receive it; more may follow until"
                    + " a node is reachable): {}", channel, error.toString());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sub.close();
            pub.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
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
     * Logs when the publishing or the subscribed connection goes away and comes back, with what was lost
     * meanwhile. The client also reports its short-lived topology refresh connections, and the per-master
     * connections that only count subscribers: those say nothing about lost messages, so they are not logged.
     */
    private final class OutageLog implements RedisConnectionStateListener {
        private final String uri;
        private final AtomicBoolean down = new AtomicBoolean();

        OutageLog(String uri) {
            this.uri = uri;
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (isOurs(connection) && !closed.get() && down.compareAndSet(false, true)) {
                LOG.warn("Redis Cluster {}: a connection was lost; Lettuce reconnects it (to another node if"
                        + " needed), publishes meanwhile are lost", uri);
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (isOurs(connection) && down.compareAndSet(true, false)) {
                LOG.warn("Redis Cluster {}: connected again ({}); {} publishes were lost meanwhile", uri, address,
                        lostInOutage.getAndSet(0));
            }
        }

        private boolean isOurs(RedisChannelHandler<?, ?> connection) {
            return connection == pub || connection == sub;
        }
    }
}
