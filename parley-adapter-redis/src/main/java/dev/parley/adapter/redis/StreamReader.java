package dev.parley.adapter.redis;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Redis stream in order on a thread of its own (never an event loop, never a Lettuce I/O thread),
 * with a blocking connection of its own: {@code XREAD BLOCK blockTime COUNT readCount STREAMS stream id}, the id
 * being the last entry read. It starts from the stream's end as it is when it starts (a concrete id, not
 * {@code $}, so an entry added between two reads is never skipped). When Redis goes away it retries, at most
 * one second apart, from the same id: after a Redis restart it reads every entry written since, and entries
 * that Redis kept (persistence, a replica) are not read twice.
 *
 * <p>Each entry is handed to the {@link Handler} in stream order; the handler must only hand it on.
 */
final class StreamReader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
    private static final long MAX_RETRY_MILLIS = 1000;

    /** Gets each entry read. */
    interface Handler {
        void entry(String id, Map<String, String> fields);
    }

    private final Supplier<RedisStreams.ReaderConnection> connector;
    private final String stream;
    private final StreamOptions options;
    private final Handler handler;
    private final Thread thread;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile RedisStreams.ReaderConnection connection;
    private volatile String lastId;
    private volatile boolean closed;

    StreamReader(Supplier<RedisStreams.ReaderConnection> connector, String stream, StreamOptions options, Handler handler) {
        this.connector = connector;
        this.stream = stream;
        this.options = options;
        this.handler = handler;
        this.thread = new Thread(this::run, "parley-redis-stream-" + stream);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes once the reader knows where it starts (the stream's end): entries added after are read. */
    CompletionStage<Void> started() {
        return started;
    }

    /** The id of the last entry read ({@code 0-0} for an empty stream), or null before the start. */
    String lastId() {
        return lastId;
    }

    private void run() {
        long retry = 50;
        while (!closed) {
            try {
                RedisClusterCommands<String, String> c = connection().commands();
                if (lastId == null) {
                    List<StreamMessage<String, String>> last = c.xrevrange(stream,
                            io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
                    lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
                    started.complete(null);
                }
                List<StreamMessage<String, String>> entries = c.xread(
                        XReadArgs.Builder.block(options.blockTime().toMillis()).count(options.readCount()),
                        XReadArgs.StreamOffset.from(stream, lastId));
                retry = 50;
                for (StreamMessage<String, String> entry : entries) {
                    lastId = entry.getId();
                    try {
                        handler.entry(entry.getId(), entry.getBody());
                    } catch (RuntimeException e) {
                        LOG.warn("Stream {}: entry {} failed", stream, entry.getId(), e);
                    }
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("Stream {}: read failed ({}), retrying from {}", stream, e.toString(), lastId);
                sleep(retry);
                retry = Math.min(MAX_RETRY_MILLIS, retry * 2);
            }
        }
    }

    private RedisStreams.ReaderConnection connection() {
        RedisStreams.ReaderConnection c = connection;
        if (c == null || !c.connection().isOpen()) {
            c = connector.get();
            // A blocking read waits up to blockTime for entries: its command timeout must be longer.
            c.connection().setTimeout(options.blockTime().plusSeconds(5));
            connection = c;
            if (closed) {
                c.connection().close();
            }
        }
        return c;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // a back-off between reconnection attempts of a dedicated thread, not a test wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading: closes the connection, which ends a blocked read at once. */
    void close() {
        closed = true;
        RedisStreams.ReaderConnection c = connection;
        if (c != null) {
            c.connection().closeAsync();
        }
        thread.interrupt();
    }
}
