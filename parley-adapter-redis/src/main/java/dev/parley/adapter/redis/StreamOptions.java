package dev.parley.adapter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of the streams protocol ({@code @socket.io/redis-streams-adapter} 0.3.1), with Node's names and
 * defaults; the channel prefix of its pub/sub messages is {@link RedisAdapterOptions#key()} (Node's
 * {@code channelPrefix}, also {@code "socket.io"} by default).
 *
 * @param streamName       the stream, or the prefix of the streams when there are several; default {@code socket.io}
 * @param streamCount      how many streams the namespaces are spread over (by a hash of the name); default 1
 * @param maxLen           the stream is trimmed to about this many entries ({@code XADD MAXLEN ~}); default 10,000.
 *                         A client that was away for more entries than are kept gets a fresh session
 * @param readCount        the most entries one {@code XREAD} returns; default 100
 * @param blockTime        how long one {@code XREAD} blocks waiting for entries; default 5 s
 * @param sessionKeyPrefix the prefix of the keys that hold dropped sessions; default {@code sio:session:}
 */
public record StreamOptions(String streamName, int streamCount, long maxLen, int readCount, Duration blockTime,
        String sessionKeyPrefix) {
    public static final String DEFAULT_STREAM_NAME = "socket.io";
    public static final long DEFAULT_MAX_LEN = 10_000;
    public static final int DEFAULT_READ_COUNT = 100;
    public static final Duration DEFAULT_BLOCK_TIME = Duration.ofSeconds(5);
    public static final String DEFAULT_SESSION_KEY_PREFIX = "sio:session:";

    public StreamOptions {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(blockTime, "blockTime");
        Objects.requireNonNull(sessionKeyPrefix, "sessionKeyPrefix");
        if (streamName.isEmpty()) {
            throw new IllegalArgumentException("streamName must not be empty");
        }
        if (streamCount < 1 || streamCount > 1024) {
            throw new IllegalArgumentException("streamCount must be in 1..1024");
        }
        if (maxLen < 1) {
            throw new IllegalArgumentException("maxLen must be at least 1");
        }
        if (readCount < 1) {
            throw new IllegalArgumentException("readCount must be at least 1");
        }
        if (blockTime.toMillis() < 1) {
            throw new IllegalArgumentException("blockTime must be at least 1 ms");
        }
    }

    public static StreamOptions defaults() {
        return new StreamOptions(DEFAULT_STREAM_NAME, 1, DEFAULT_MAX_LEN, DEFAULT_READ_COUNT, DEFAULT_BLOCK_TIME,
                DEFAULT_SESSION_KEY_PREFIX);
    }

    public StreamOptions withStreamName(String value) {
        return new StreamOptions(value, streamCount, maxLen, readCount, blockTime, sessionKeyPrefix);
    }

    public StreamOptions withStreamCount(int value) {
        return new StreamOptions(streamName, value, maxLen, readCount, blockTime, sessionKeyPrefix);
    }

    public StreamOptions withMaxLen(long value) {
        return new StreamOptions(streamName, streamCount, value, readCount, blockTime, sessionKeyPrefix);
    }

    public StreamOptions withReadCount(int value) {
        return new StreamOptions(streamName, streamCount, maxLen, value, blockTime, sessionKeyPrefix);
    }

    public StreamOptions withBlockTime(Duration value) {
        return new StreamOptions(streamName, streamCount, maxLen, readCount, value, sessionKeyPrefix);
    }

    public StreamOptions withSessionKeyPrefix(String value) {
        return new StreamOptions(streamName, streamCount, maxLen, readCount, blockTime, value);
    }
}
