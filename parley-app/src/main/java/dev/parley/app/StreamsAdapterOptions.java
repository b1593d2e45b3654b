package dev.parley.app;

import dev.parley.adapter.redis.StreamOptions;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code --adapter streams} ({@code @socket.io/redis-streams-adapter}), mixed into
 * {@code parley serve}, with Node's names and defaults ({@link StreamOptions}). A Parley node and a Node server
 * form one cluster only with the same stream name and count: the count decides which stream a namespace is on.
 */
final class StreamsAdapterOptions {
    /** The options, as {@code parley serve} refuses them with another adapter. */
    static final List<String> NAMES = List.of("--redis-stream-name", "--redis-stream-max-len", "--redis-stream-count");

    @Option(names = "--redis-stream-name", defaultValue = "${env:PARLEY_REDIS_STREAM_NAME:-socket.io}",
            description = "With --adapter streams: the Redis stream, Node's streamName; with --redis-stream-count above "
                    + "1 the prefix of the streams (env PARLEY_REDIS_STREAM_NAME). Default: ${DEFAULT-VALUE}")
    String name;

    @Option(names = "--redis-stream-max-len", defaultValue = "${env:PARLEY_REDIS_STREAM_MAX_LEN:-10000}",
            description = "With --adapter streams: each stream is trimmed to about this many entries (XADD MAXLEN ~), "
                    + "Node's maxLen; a client away for more entries gets a fresh session "
                    + "(env PARLEY_REDIS_STREAM_MAX_LEN). Default: ${DEFAULT-VALUE}")
    long maxLen;

    @Option(names = "--redis-stream-count", defaultValue = "${env:PARLEY_REDIS_STREAM_COUNT:-1}",
            description = "With --adapter streams: how many streams the namespaces are spread over by a hash of their "
                    + "name (NAME-0 .. NAME-<count-1>; on a Redis Cluster, over the masters), Node's streamCount, "
                    + "1 to 1024; every server of the cluster needs the same (env PARLEY_REDIS_STREAM_COUNT). "
                    + "Default: ${DEFAULT-VALUE}")
    int count;

    /**
     * Node's stream options as given, the others at their defaults.
     *
     * @throws IllegalArgumentException naming the option's field when a value is out of range
     */
    StreamOptions streamOptions() {
        return StreamOptions.defaults().withStreamName(name).withMaxLen(maxLen).withStreamCount(count);
    }
}
