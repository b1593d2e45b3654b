package dev.parley.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The stream and key commands of the streams adapter on one Redis server: one shared connection for XADD,
 * XRANGE, SET and GETDEL (asynchronous, never blocking), and one dedicated blocking connection per
 * {@link StreamReader}. Lettuce reconnects both after an outage; while Redis is unreachable commands fail at
 * once instead of queueing. A Redis Cluster is not supported by this protocol in Parley (yet). Thread-safe.
 */
final class RedisStreams implements AutoCloseable {
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final List<StreamReader> readers = new CopyOnWriteArrayList<>();

    private RedisStreams(ClientResources resources, RedisClient client) {
        this.resources = resources;
        this.client = client;
        this.commands = client.connect(StringCodec.UTF8);
    }

    /** Connects the command connection; fails at once if Redis cannot be reached now. */
    static RedisStreams connect(String uri) {
        ClientResources resources = LettuceTransport.fastReconnect();
        RedisClient client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(LettuceTransport.COMMAND_TIMEOUT))
                .build());
        try {
            return new RedisStreams(resources, client);
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** {@code XADD stream MAXLEN ~ maxLen * fields...}: completes with the entry's id. */
    CompletionStage<String> xadd(String stream, Map<String, String> fields, long maxLen) {
        try {
            return commands.async().xadd(stream, XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), fields);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code XRANGE stream start end COUNT count}. */
    CompletionStage<List<StreamMessage<String, String>>> xrange(String stream, String start, String end, int count) {
        try {
            return commands.async().xrange(stream, Range.create(start, end), Limit.from(count));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The id of the stream's last entry, or {@code 0-0} if it is empty or absent. */
    CompletionStage<String> lastId(String stream) {
        try {
            return commands.async().xrevrange(stream, Range.create("-", "+"), Limit.from(1))
                    .thenApply(last -> last.isEmpty() ? "0-0" : last.get(0).getId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code SET key value PX ttl}. */
    CompletionStage<String> setWithTtl(String key, String value, Duration ttl) {
        try {
            return commands.async().set(key, value, SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code GETDEL key} (Redis 6.2): a session can be restored once. */
    CompletionStage<String> getdel(String key) {
        try {
            return commands.async().getdel(key);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Starts a reader of {@code stream} on a connection of its own, from the stream's current end. */
    StreamReader read(String stream, StreamOptions options, StreamReader.Handler handler) {
        StreamReader reader = new StreamReader(client, stream, options, handler);
        readers.add(reader);
        reader.start();
        return reader;
    }

    @Override
    public void close() {
        readers.forEach(StreamReader::close);
        commands.close();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
