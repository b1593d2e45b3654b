package dev.parley.adapter.redis;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A Parley member of a streams cluster test, with connection state recovery and the same contract as
 * {@code streams-peer.mjs}: {@code join} (acked), {@code my-state} (acked with id, sorted rooms and data),
 * {@code socket.data} = {server, name} for a new session.
 */
final class StreamsNode implements AutoCloseable {
    final String name;
    final RedisCluster cluster;
    final SocketIoServer io;
    final ParleyServer http;

    StreamsNode(String name, RedisAdapterOptions options, Duration window) throws Exception {
        this(name, options, window, "/");
    }

    /** As above, with the same handlers on each of these namespaces. */
    StreamsNode(String name, RedisAdapterOptions options, Duration window, String... namespaces) throws Exception {
        this.name = name;
        this.cluster = RedisCluster.connect(options.withProtocol(RedisAdapterOptions.Protocol.STREAMS));
        this.io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .adapterFactory(cluster.adapterFactory())
                .connectionStateRecovery(window)
                .build());
        for (String namespace : namespaces) {
            handle(namespace);
        }
        io.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        this.http = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
    }

    private void handle(String namespace) {
        io.of(namespace).onConnection(socket -> {
            if (!socket.recovered()) {
                socket.data().put("server", name);
                socket.data().put("name", String.valueOf(socket.handshake().auth().get("name")));
            }
            socket.on("join", args -> {
                socket.join(args.getString(0));
                args.ack("joined");
            });
            socket.on("my-state", args -> args.ack(Map.of("id", socket.id(),
                    "rooms", new java.util.ArrayList<>(new TreeSet<>(socket.rooms())), "data", Map.copyOf(socket.data()))));
        });
    }

    String url() {
        return http.url();
    }

    @Override
    public void close() throws Exception {
        http.stop();
        io.close();
        cluster.close();
    }
}
