package dev.parley.push.redis;

import dev.parley.push.PushConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of a {@link RedisTopicBus}. Immutable.
 *
 * @param keyPrefix      the prefix of the bus's two keys, {@code {keyPrefix}:log} (the stream) and
 *                       {@code {keyPrefix}:last-id} (the counter); servers with the same prefix form one cluster.
 *                       Default {@code parley:push}
 * @param logSize        the log keeps at most this many events (of all topics), trimmed at each publication: what
 *                       a server that starts, or comes back after an outage, can read back. Default 10,000
 * @param logAge         the log keeps no event older than this, and vanishes after this long without a
 *                       publication. Default the hub's history age, 1 hour
 * @param maxDataBytes   an event read from Redis whose data is larger is dropped before it is decoded (and
 *                       counted); the hub refuses to publish larger ones. Default the hub's, 65,536
 * @param readCount      the most events one read ({@code XREAD COUNT}) brings: with {@code maxDataBytes}, what one
 *                       read may hold in memory. Default 100
 * @param blockTime      how long one read waits for events before asking again. Default 5 s
 * @param commandTimeout how long a publication, a connection attempt or a read past its block time may take
 *                       before it fails. Default 5 s
 */
public record RedisTopicBusOptions(String keyPrefix, long logSize, Duration logAge, int maxDataBytes, int readCount,
        Duration blockTime, Duration commandTimeout) {
    public static final String DEFAULT_KEY_PREFIX = "parley:push";
    public static final long DEFAULT_LOG_SIZE = 10_000;
    public static final int DEFAULT_READ_COUNT = 100;
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    public RedisTopicBusOptions {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(logAge, "logAge");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("keyPrefix must be non-empty, without { or }: " + keyPrefix);
        }
        if (logSize < 1 || maxDataBytes < 1 || readCount < 1) {
            throw new IllegalArgumentException("logSize, maxDataBytes and readCount must be at least 1: " + logSize
                    + ", " + maxDataBytes + ", " + readCount);
        }
        if (logAge.toMillis() < 1 || blockTime.toMillis() < 1 || commandTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("logAge, blockTime and commandTimeout must be at least 1 ms");
        }
    }

    /** The defaults, with the log's age and the data bound of the hub this bus serves. */
    public static RedisTopicBusOptions of(PushConfig hub) {
        return new RedisTopicBusOptions(DEFAULT_KEY_PREFIX, DEFAULT_LOG_SIZE, hub.historyAge(), hub.maxDataBytes(),
                DEFAULT_READ_COUNT, DEFAULT_BLOCK_TIME, DEFAULT_COMMAND_TIMEOUT);
    }

    public static RedisTopicBusOptions defaults() {
        return of(PushConfig.defaults());
    }

    public RedisTopicBusOptions withKeyPrefix(String value) {
        return new RedisTopicBusOptions(value, logSize, logAge, maxDataBytes, readCount, blockTime, commandTimeout);
    }

    public RedisTopicBusOptions withLogSize(long value) {
        return new RedisTopicBusOptions(keyPrefix, value, logAge, maxDataBytes, readCount, blockTime, commandTimeout);
    }

    public RedisTopicBusOptions withLogAge(Duration value) {
        return new RedisTopicBusOptions(keyPrefix, logSize, value, maxDataBytes, readCount, blockTime, commandTimeout);
    }

    public RedisTopicBusOptions withMaxDataBytes(int value) {
        return new RedisTopicBusOptions(keyPrefix, logSize, logAge, value, readCount, blockTime, commandTimeout);
    }

    public RedisTopicBusOptions withReadCount(int value) {
        return new RedisTopicBusOptions(keyPrefix, logSize, logAge, maxDataBytes, value, blockTime, commandTimeout);
    }

    public RedisTopicBusOptions withBlockTime(Duration value) {
        return new RedisTopicBusOptions(keyPrefix, logSize, logAge, maxDataBytes, readCount, value, commandTimeout);
    }

    public RedisTopicBusOptions withCommandTimeout(Duration value) {
        return new RedisTopicBusOptions(keyPrefix, logSize, logAge, maxDataBytes, readCount, blockTime, value);
    }

    /** The stream every server reads: {@code {keyPrefix}:log} (one hash slot with the counter). */
    String logKey() {
        return "{" + keyPrefix + "}:log";
    }

    /**
     * The name of this bus's connections ({@code CLIENT SETNAME}, seen in {@code CLIENT LIST}):
     * {@code parley-push-<role>:<keyPrefix>}, characters other than letters, digits and {@code :_.-} as {@code _}.
     */
    String clientName(String role) {
        return "parley-push-" + role + ":" + keyPrefix.replaceAll("[^A-Za-z0-9:_.-]", "_");
    }

    /** The last id issued: {@code {keyPrefix}:last-id}. */
    String counterKey() {
        return "{" + keyPrefix + "}:last-id";
    }
}
