package dev.parley.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every scenario: where to connect, how, and where the JSON report goes. */
final class CommonOptions {
    @Option(names = "--protocol", defaultValue = "ws",
            description = "ws (raw WebSocket) or socketio (Socket.IO v5 over the Engine.IO v4 websocket "
                    + "transport). Default: ${DEFAULT-VALUE}")
    Protocol protocol;

    @Option(names = "--url", paramLabel = "URL",
            description = "Server URL, ws://host:port/path. Default: ws://127.0.0.1:3000/ws/echo for ws "
                    + "(/ws/broadcast for the broadcast scenario), ws://127.0.0.1:3000/socket.io/ for socketio "
                    + "(EIO=4&transport=websocket is added).")
    String url;

    @Option(names = "--threads", defaultValue = "0",
            description = "Event loop threads of the generator; 0 for one per core. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--source-addresses", defaultValue = "" + ClientConfig.DEFAULT_SOURCE_ADDRESSES,
            description = "Bind connections round robin to 127.0.0.1 .. 127.0.0.N (loopback targets only), "
                    + "each adding a range of ephemeral ports. Default: ${DEFAULT-VALUE}")
    int sourceAddresses;

    @Option(names = "--concurrency", defaultValue = "" + ClientConfig.DEFAULT_CONCURRENCY,
            description = "Connections being opened at once. Default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = "--connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time from the connect call to ready (TCP, upgrade, protocol handshake). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration connectTimeout;

    @Option(names = "--no-epoll", description = "Use Java NIO even where Linux epoll is available.")
    boolean noEpoll;

    @Option(names = "--server-pid", paramLabel = "PID", split = ",",
            description = "The server's process id, on this machine: its CPU is reported too. Several (comma-separated "
                    + "or repeated) for a cluster: their sum, and each.")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure to this JSON file.")
    Path json;

    /** @param defaultPath the server path when {@code --url} is not given */
    ClientConfig config(String defaultPath) {
        String target = url != null ? url : "ws://127.0.0.1:3000" + defaultPath;
        int eventLoops = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new ClientConfig(Target.parse(target, protocol), eventLoops, !noEpoll, sourceAddresses, concurrency,
                connectTimeout, ClientConfig.DEFAULT_CLOSE_TIMEOUT, ClientConfig.DEFAULT_MAX_MESSAGE_SIZE);
    }
}
