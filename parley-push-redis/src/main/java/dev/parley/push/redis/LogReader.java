package dev.parley.push.redis;

import dev.parley.push.TopicEvent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the log, in order, into this server's hub: first what it holds ({@link #readBack}, before the hub takes
 * subscribers), then, on a thread of its own with a connection of its own, each entry as it is added
 * ({@code XREAD BLOCK}). After a failure (a dropped connection, a Redis restart) it connects again, 50 ms to 1 s
 * apart, and goes on after the last entry it read: nothing published meanwhile is skipped while the log still
 * holds it.
 *
 * <p>Each entry names the id before it. When that is not the last id read, events were missed (trimmed while
 * this server was away, or lost with Redis's data): {@link #completeAfter} then rises past them, so that the hub
 * tells a subscriber resuming before them of a gap. Entries that do not decode are dropped (counted, logged at
 * most once a second) and count as missed the same way.
 */
final class LogReader {
    private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);
    private static final long MIN_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 1000;
    static final String ROLE = "reader";

    private final RedisClient client;
    private final RedisTopicBusOptions options;
    private final byte[] logKey;
    private final Consumer<TopicEvent> sink;
    private final DeliveredIds delivered;
    private final Thread thread;
    private final AtomicLong decodeFailures = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile long completeAfter = -1;
    private volatile boolean closed;
    // Used by readBack, then by the reader thread only.
    private String lastStreamId = "0-0";
    private long lastId;
    private boolean positioned;
    private long lastDecodeWarningNanos = System.nanoTime() - 2_000_000_000L;

    LogReader(RedisClient client, RedisTopicBusOptions options, Consumer<TopicEvent> sink, DeliveredIds delivered) {
        this.client = client;
        this.options = options;
        this.logKey = options.logKey().getBytes(StandardCharsets.UTF_8);
        this.sink = sink;
        this.delivered = delivered;
        this.thread = new Thread(this::run, "parley-push-redis-reader");
        thread.setDaemon(true);
    }

    /**
     * Reads every entry the log holds now (at most {@code logSize}, {@code readCount} a round trip) on the
     * calling thread. Throws a Lettuce exception when Redis cannot be reached.
     */
    void readBack() {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        byte[] counter = c.sync().get(options.counterKey().getBytes(StandardCharsets.UTF_8));
        long issued = counter == null ? 0 : Long.parseLong(new String(counter, StandardCharsets.US_ASCII));
        while (true) {
            List<StreamMessage<byte[], byte[]>> entries = c.sync().xread(
                    XReadArgs.Builder.count(options.readCount()), XReadArgs.StreamOffset.from(logKey, lastStreamId));
            entries.forEach(this::accept);
            delivered.advance(lastId);
            if (entries.size() < options.readCount()) {
                break;
            }
        }
        if (!positioned) {
            // An empty log: every event after the last id issued will be read; nothing issued, nothing to vouch for.
            positioned = true;
            lastId = issued;
            completeAfter = issued > 0 ? issued : -1;
        }
    }

    /** Starts reading new entries on the reader's thread. */
    void start() {
        thread.start();
    }

    /** The id after which this server read every event published (see {@code TopicBus.completeAfter}). */
    long completeAfter() {
        return completeAfter;
    }

    long decodeFailures() {
        return decodeFailures.get();
    }

    /** How many times the reader found it had missed events. */
    long misses() {
        return misses.get();
    }

    private void run() {
        long retry = MIN_RETRY_MILLIS;
        boolean failing = false;
        while (!closed) {
            try {
                List<StreamMessage<byte[], byte[]>> entries = connection().sync().xread(
                        XReadArgs.Builder.block(options.blockTime().toMillis()).count(options.readCount()),
                        XReadArgs.StreamOffset.from(logKey, lastStreamId));
                if (failing) {
                    LOG.info("Push bus: reading the Redis log again, after entry {}", lastStreamId);
                    failing = false;
                }
                retry = MIN_RETRY_MILLIS;
                entries.forEach(this::accept);
                // Publishers waiting for their own events wake once a read, not once an event.
                delivered.advance(lastId);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                discardConnection();
                if (!failing) {
                    LOG.warn("Push bus: reading the Redis log failed ({}); retrying after entry {}", e.toString(),
                            lastStreamId);
                    failing = true;
                }
                sleep(retry);
                retry = Math.min(MAX_RETRY_MILLIS, retry * 2);
            }
        }
    }

    private void accept(StreamMessage<byte[], byte[]> entry) {
        lastStreamId = entry.getId();
        long id;
        LogEntry.Decoded decoded;
        try {
            id = LogEntry.id(entry.getId());
        } catch (LogEntry.LogEntryException e) {
            // No usable id: the next entry's previous id will not match, which counts it as missed.
            decodeFailed(e);
            return;
        }
        try {
            decoded = LogEntry.decode(entry.getId(), entry.getBody(), options.maxDataBytes());
        } catch (LogEntry.LogEntryException e) {
            decodeFailed(e);
            positioned = true;
            lastId = id;
            completeAfter = Math.max(completeAfter, id);
            return;
        }
        if (!positioned) {
            // The oldest entry the log still holds: every event after the one before it is read from here on.
            positioned = true;
            lastId = decoded.previousId();
            completeAfter = decoded.previousId() > 0 ? decoded.previousId() : id - 1;
        } else if (decoded.previousId() != lastId) {
            missed(decoded.previousId(), id);
        }
        lastId = id;
        try {
            sink.accept(decoded.event());
        } catch (RuntimeException e) {
            LOG.warn("Push bus: the hub failed on event {}", id, e);
        }
    }

    /**
     * Events before {@code id} were not read. If its previous id is ahead of ours, the log was trimmed past what
     * we read: we hold everything after that previous id. If it is behind, Redis lost its data and numbers anew:
     * we vouch for nothing before this entry.
     */
    private void missed(long previousId, long id) {
        long after = previousId > lastId ? previousId : id - 1;
        completeAfter = Math.max(completeAfter, after);
        misses.incrementAndGet();
        LOG.warn("Push bus: events published after id {} and up to id {} were not read by this server (the Redis "
                + "log was trimmed while it was away, or Redis lost its data); a subscriber resuming before id {} "
                + "is told of a gap", lastId, previousId > lastId ? previousId : id - 1, after);
    }

    private void decodeFailed(LogEntry.LogEntryException e) {
        long failures = decodeFailures.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDecodeWarningNanos >= 1_000_000_000L) {
            lastDecodeWarningNanos = now;
            LOG.warn("Push bus: dropped a Redis log entry that is not an event ({}); {} dropped so far",
                    e.getMessage(), failures);
        }
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        if (c == null || !c.isOpen()) {
            c = client.connect(ByteArrayCodec.INSTANCE);
            // A blocking read waits up to blockTime for entries: its command timeout must be longer.
            c.setTimeout(options.blockTime().plus(options.commandTimeout()));
            c.sync().clientSetname(options.clientName(ROLE).getBytes(StandardCharsets.US_ASCII));
            connection = c;
            if (closed) {
                c.closeAsync();
            }
        }
        return c;
    }

    private void discardConnection() {
        StatefulRedisConnection<byte[], byte[]> c = connection;
        connection = null;
        if (c != null && c.isOpen()) {
            c.closeAsync();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the back-off of a dedicated thread between reconnection attempts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading: closing the connection ends a blocked read at once. */
    void close() {
        closed = true;
        discardConnection();
        thread.interrupt();
    }
}
