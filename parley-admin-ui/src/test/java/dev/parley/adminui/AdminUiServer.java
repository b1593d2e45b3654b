package dev.parley.adminui;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Parley server on a loopback ephemeral port with the admin UI instrumented: every socket of {@code /}
 * joins room {@code lobby}, answers {@code ping} with {@code pong} and {@code echo} with its arguments. Allows {@code corsOrigin} with
 * credentials, as the hosted UI needs (null: no CORS).
 */
final class AdminUiServer implements AutoCloseable {
    final SocketIoServer io;
    final ParleyServer server;
    final AdminUi admin;

    AdminUiServer(AdminUiConfig config, String corsOrigin) throws Exception {
        this(config, corsOrigin, null);
    }

    /** With a cluster adapter ({@code adapters}: null for the in-memory one); returns once it is ready. */
    AdminUiServer(AdminUiConfig config, String corsOrigin, Function<AdapterNamespace, Adapter> adapters)
            throws Exception {
        EngineIoConfig.Builder engine = EngineIoConfig.builder().path("/socket.io/");
        if (corsOrigin != null) {
            engine.corsOrigins(List.of(corsOrigin)).corsCredentials(true);
        }
        SocketIoConfig.Builder socketIo = SocketIoConfig.builder().engine(engine.build());
        if (adapters != null) {
            socketIo.adapterFactory(adapters);
        }
        io = new SocketIoServer(socketIo.build());
        io.onConnection(socket -> {
            socket.join("lobby");
            socket.on("ping", args -> args.ack("pong"));
            socket.on("echo", args -> args.ack(args.all().toArray()));
        });
        admin = AdminUi.instrument(io, config);
        io.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
    }

    String url() {
        return server.url();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            io.close();
            admin.close();
        }
    }
}
