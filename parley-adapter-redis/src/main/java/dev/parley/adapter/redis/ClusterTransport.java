package dev.parley.adapter.redis;

import io.lettuce.core.RedisChannelHandler;
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
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
final class ClusterTransport extends LettuceTransport {
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);
    private static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<byte[], byte[]> pub;
    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> sub;
    /** The sharded subscriptions that follow their slot to a new master; null unless sharded. */
    private final ShardedSubscriptions sharded;

    private ClusterTransport(ClientResources resources, RedisClusterClient client, boolean sharded) {
        super(resources);
        this.client = client;
        this.pub = client.connect(ByteArrayCodec.INSTANCE);
        this.sub = client.connectPubSub(ByteArrayCodec.INSTANCE);
        sub.addListener(dispatcher());
        this.sharded = sharded ? new ShardedSubscriptions(sub, resources.eventBus(), this::openMastersAsync) : null;
    }

    /** Connects to the cluster through these seed nodes; fails at once if none can be reached now. */
    static ClusterTransport connect(List<RedisURI> seeds, String redactedUri) {
        return connect(seeds, redactedUri, null, false);
    }

    /**
     * As {@link #connect(List, String)}, counting the bytes read into {@code bytesRead} when not null (tests);
     * with {@code sharded}, the connections to every master are opened at once ({@link #connectMasters}).
     */
    static ClusterTransport connect(List<RedisURI> seeds, String redactedUri,
            java.util.concurrent.atomic.LongAdder bytesRead, boolean sharded) {
        ClientResources resources = fastReconnect(bytesRead);
        RedisClusterClient client = newClient(resources, seeds);
        try {
            ClusterTransport redis = new ClusterTransport(resources, client, sharded);
            client.addListener(redis.outageLog(redactedUri));
            if (sharded) {
                redis.connectMasters();
            }
            return redis;
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * A cluster client as every Parley connection to a Redis Cluster needs it: masters only, commands rejected
     * (not queued) while disconnected, the topology refreshed every 30 s and on MOVED/ASK/reconnection.
     */
    static RedisClusterClient newClient(ClientResources resources, List<RedisURI> seeds) {
        RedisClusterClient client = RedisClusterClient.create(resources, seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .nodeFilter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        // Lettuce's default, 30 s, let one refresh early in a failover (before the replica was
                        // promoted) hold off the one that would have seen the new master.
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
                        .build())
                .build());
        return client;
    }

    /**
     * Opens the connection's per-master connections now, so that no command is the first to wait for one: with
     * REJECT_COMMANDS such a command is rejected (lettuce#3747).
     */
    static void openMasterConnections(StatefulRedisClusterConnection<?, ?> connection) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                opening.add(connection.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                        .toCompletableFuture());
            }
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
                .orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    RedisPubSubAsyncCommands<byte[], byte[]> subscriber() {
        return sub.async();
    }

    @Override
    boolean subscriberOpen() {
        return sub.isOpen();
    }

    /**
     * Publishes on the default connection. Lettuce would route PUBLISH by the channel's hash slot, to a node
     * connection opened lazily; with REJECT_COMMANDS the first command waiting for such a connection is rejected
     * (lettuce#3747), so a publish would be lost each time a node is first used. A classic PUBLISH needs no slot:
     * the channel goes as a plain argument, not as a key, and any node forwards the message to all others.
     */
    @Override
    CompletionStage<Long> send(byte[] channel, byte[] message) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE).add(channel).addValue(message);
        return pub.async().dispatch(CommandType.PUBLISH, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args);
    }

    /** The publishing and the subscribed connection; the client's topology and per-master ones carry no message. */
    @Override
    boolean carriesMessages(RedisChannelHandler<?, ?> connection) {
        return connection == pub || connection == sub;
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
        return sumOverMasters("PUBSUB NUMSUB", connection -> connection.async().pubsubNumsub(bytes(channel)));
    }

    /** As {@link #numsub}, with PUBSUB SHARDNUMSUB: only the slot's master has subscribers, Node sums over all. */
    @Override
    public CompletionStage<Long> shardNumsub(String channel) {
        return sumOverMasters("PUBSUB SHARDNUMSUB",
                connection -> connection.async().pubsubShardNumsub(bytes(channel)));
    }

    /**
     * SPUBLISH, routed by Lettuce by the channel's hash slot to its master (and redirected on MOVED/ASK after
     * a failover or resharding). The first use of a master opens its connection lazily, and with
     * REJECT_COMMANDS a command waiting for it would be rejected (lettuce#3747): {@link #connectMasters} opens
     * them at startup, under the same key (host and port) the slot routing uses.
     */
    @Override
    CompletionStage<Long> sendSharded(byte[] channel, byte[] message) {
        return pub.async().spublish(channel, message);
    }

    /** Opens the connections to every master now, publishing and subscribed, so none is first opened under a command. */
    private void connectMasters() {
        openMastersAsync().toCompletableFuture().orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Opens (or finds open) the publishing and subscribed connections to every master of the current topology. */
    private CompletionStage<Void> openMastersAsync() {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : pub.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                opening.add(pub.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
                opening.add(sub.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
            }
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }

    @Override
    void shardedSubscribed(String channel, CompletionStage<Void> done) {
        if (sharded != null) {
            sharded.subscribed(channel, done);
        }
    }

    @Override
    void shardedUnsubscribed(String channel) {
        if (sharded != null) {
            sharded.unsubscribed(channel);
        }
    }

    private CompletionStage<Long> sumOverMasters(String command,
            java.util.function.Function<io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]>,
                    CompletionStage<Map<byte[], Long>>> ask) {
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (RedisClusterNode node : pub.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                answers.add(pub.getConnectionAsync(node.getNodeId())
                        .thenCompose(ask)
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
                throw new IllegalStateException("no Redis Cluster master answered " + command, failure);
            }
            return sum;
        });
    }

    private static long firstCount(Map<byte[], Long> counts) {
        Long count = counts.values().stream().findFirst().orElse(0L);
        return count == null ? 0L : count;
    }

    @Override
    CompletionStage<String> ping() {
        return pub.async().ping();
    }

    @Override
    void closeConnections() {
        if (sharded != null) {
            sharded.close();
        }
        sub.close();
        pub.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
