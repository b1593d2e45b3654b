package dev.parley.adapter.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The stream and key commands of the streams adapter: one shared connection for XADD, XRANGE, SET and GETDEL
 * (asynchronous, never blocking), and one dedicated blocking connection per {@link StreamReader}. On one Redis
 * server these are plain connections; on a Redis Cluster they are cluster connections, and every command goes
 * to the master of its key's hash slot: each stream (one per namespace hash with {@code streamCount} above 1)
 * and each session key may live on another master, so each reader reads one stream ({@code XREAD} of keys in
 * different slots would fail with CROSSSLOT), as Node's adapter does with one client per stream. Lettuce
 * reconnects all of them after an outage and follows a failover's new master; while Redis is unreachable
 * commands fail at once instead of queueing. Thread-safe.
 */
final class RedisStreams implements AutoCloseable {
    /** A reader's blocking connection and its commands (plain or cluster). */
    record ReaderConnection(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands) {
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final Function<String, ReaderConnection> readerConnections;
    private final List<StreamReader> readers = new CopyOnWriteArrayList<>();

    private RedisStreams(ClientResources resources, AbstractRedisClient client, StatefulConnection<String, String> connection,
            RedisClusterAsyncCommands<String, String> commands, Function<String, ReaderConnection> readerConnections) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.readerConnections = readerConnections;
    }

    /**
     * Connects the command connection, to one Redis server or, with {@code cluster}, to the Redis Cluster the URI's
     * nodes belong to (with a connection to each master opened now); fails at once if Redis cannot be reached now.
     */
    static RedisStreams connect(String uri, boolean cluster) {
        ClientResources resources = LettuceTransport.fastReconnect();
        AbstractRedisClient client = null;
        try {
            if (cluster) {
                RedisClusterClient clusterClient = ClusterTransport.newClient(resources, RedisTarget.clusterSeeds(uri));
                client = clusterClient;
                StatefulRedisClusterConnection<String, String> c = clusterClient.connect(StringCodec.UTF8);
                ClusterTransport.openMasterConnections(c);
                return new RedisStreams(resources, client, c, c.async(), stream -> {
                    StatefulRedisClusterConnection<String, String> reader = clusterClient.connect(StringCodec.UTF8);
                    openSlotMaster(reader, stream);
                    return new ReaderConnection(reader, reader.sync());
                });
            }
            RedisClient single = RedisClient.create(resources, RedisURI.create(uri));
            client = single;
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(LettuceTransport.COMMAND_TIMEOUT))
                    .build());
            StatefulRedisConnection<String, String> c = single.connect(StringCodec.UTF8);
            return new RedisStreams(resources, client, c, c.async(), stream -> {
                StatefulRedisConnection<String, String> reader = single.connect(StringCodec.UTF8);
                return new ReaderConnection(reader, reader.sync());
            });
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Opens the reader's connection to the master of its stream's slot before its first command, which would
     * otherwise be rejected while that connection opens (lettuce#3747). Best effort: the reader retries anyway.
     */
    private static void openSlotMaster(StatefulRedisClusterConnection<String, String> reader, String stream) {
        RedisClusterNode master = reader.getPartitions().getMasterBySlot(SlotHash.getSlot(stream));
        if (master != null) {
            try {
                reader.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort()).toCompletableFuture()
                        .get(LettuceTransport.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the reader's first read fails and is retried
            }
        }
    }

    /** {@code XADD stream MAXLEN ~ maxLen * fields...}: completes with the entry's id. */
    CompletionStage<String> xadd(String stream, Map<String, String> fields, long maxLen) {
        try {
            return commands.xadd(stream, XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), fields);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code XRANGE stream start end COUNT count}. */
    CompletionStage<List<StreamMessage<String, String>>> xrange(String stream, String start, String end, int count) {
        try {
            return commands.xrange(stream, Range.create(start, end), Limit.from(count));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The id of the stream's last entry, or {@code 0-0} if it is empty or absent. */
    CompletionStage<String> lastId(String stream) {
        try {
            return commands.xrevrange(stream, Range.create("-", "+"), Limit.from(1))
                    .thenApply(last -> last.isEmpty() ? "0-0" : last.get(0).getId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code SET key value PX ttl}. */
    CompletionStage<String> setWithTtl(String key, String value, Duration ttl) {
        try {
            return commands.set(key, value, SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code GETDEL key} (Redis 6.2): a session can be restored once. */
    CompletionStage<String> getdel(String key) {
        try {
            return commands.getdel(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Starts a reader of {@code stream} on a connection of its own, from the stream's current end. */
    StreamReader read(String stream, StreamOptions options, StreamReader.Handler handler) {
        StreamReader reader = new StreamReader(() -> readerConnections.apply(stream), stream, options, handler);
        readers.add(reader);
        reader.start();
        return reader;
    }

    @Override
    public void close() {
        readers.forEach(StreamReader::close);
        connection.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
