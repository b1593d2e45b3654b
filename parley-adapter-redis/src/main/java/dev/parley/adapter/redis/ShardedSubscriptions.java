package dev.parley.adapter.redis;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.EventBus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Keeps the sharded subscriptions of a cluster pub/sub connection on the master of their channel's slot when
 * the slot moves: a failover (a master crashes and its replica is promoted) or a resharding. Lettuce subscribes
 * a sharded channel on the connection to the node that owned its slot then, and after that node goes away its
 * connection keeps reconnecting to the same address: the subscription does not follow the slot by itself.
 * So on each topology change Lettuce reports, the connections to the masters are opened first (a command waiting
 * for one would be rejected, lettuce#3747), then every channel whose slot now has another master is subscribed
 * again through the cluster connection, which routes SSUBSCRIBE to the new master. The old node's connection keeps
 * reconnecting to its address; when that node came back, as a replica, Lettuce did not subscribe there again
 * (ShardedFailoverIT checks that no message then arrives twice: a replica does deliver its shard's messages to its
 * own subscribers).
 *
 * <p>Thread-safe: subscriptions are recorded from any thread, topology changes arrive on Lettuce's event bus.
 */
final class ShardedSubscriptions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedSubscriptions.class);

    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> sub;
    private final Supplier<CompletionStage<Void>> openMasters;
    /** What {@link #subscribedOn} holds for a channel whose last SSUBSCRIBE failed: no node id looks like it. */
    private static final String UNSUBSCRIBED = "(none)";

    /** Each subscribed sharded channel, with the id of the master it was subscribed on. */
    private final Map<String, String> subscribedOn = new ConcurrentHashMap<>();
    private final Disposable topologyChanges;
    private volatile boolean closed;

    /**
     * @param openMasters opens the publishing and subscribed connections to every master of the current topology
     */
    ShardedSubscriptions(StatefulRedisClusterPubSubConnection<byte[], byte[]> sub, EventBus events,
            Supplier<CompletionStage<Void>> openMasters) {
        this.sub = sub;
        this.openMasters = openMasters;
        this.topologyChanges = events.get().filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> topologyChanged());
    }

    /**
     * Records a channel being subscribed (routed by Lettuce to its slot's master in the current topology). If that
     * master refuses it or cannot be reached (a room joined during a failover, before the topology change is
     * seen, or while the new master's connection opens), it is subscribed again a second later, on the slot's
     * master then: no later topology change would tell that it is missing.
     */
    void subscribed(String channel, CompletionStage<Void> done) {
        String master = masterOf(channel);
        String on = master == null ? "" : master;
        subscribedOn.put(channel, on);
        done.whenComplete((ok, error) -> {
            if (error != null && !closed && subscribedOn.replace(channel, on, UNSUBSCRIBED)) {
                retryLater(channel, error);
            }
        });
    }

    void unsubscribed(String channel) {
        subscribedOn.remove(channel);
    }

    private void topologyChanged() {
        openMasters.get().whenComplete((opened, error) -> {
            if (error != null) {
                LOG.debug("Not every Redis Cluster master could be connected: {}", error.toString());
            }
            subscribedOn.forEach(this::followSlot);
        });
    }

    private void followSlot(String channel, String was) {
        String now = masterOf(channel);
        if (closed || now == null || now.equals(was) || !subscribedOn.replace(channel, was, now)) {
            return;
        }
        if (!was.equals(UNSUBSCRIBED)) {
            LOG.info("Sharded channel {} moved to another Redis Cluster master: subscribing there", channel);
        }
        sub.async().ssubscribe(channel.getBytes(StandardCharsets.UTF_8)).whenComplete((ok, error) -> {
            if (error != null && !closed && subscribedOn.replace(channel, now, UNSUBSCRIBED)) {
                retryLater(channel, error);
            }
        });
    }

    private void retryLater(String channel, Throwable error) {
        LOG.warn("Sharded channel {} could not be subscribed on its master (trying again in 1 s): {}", channel,
                error.toString());
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> followSlot(channel, UNSUBSCRIBED));
    }

    /** The node id of the slot's master in the connection's current view, or null while no master has it. */
    private String masterOf(String channel) {
        RedisClusterNode master = sub.getPartitions().getMasterBySlot(
                SlotHash.getSlot(channel.getBytes(StandardCharsets.UTF_8)));
        return master == null ? null : master.getNodeId();
    }

    @Override
    public void close() {
        closed = true;
        topologyChanges.dispose();
    }
}
