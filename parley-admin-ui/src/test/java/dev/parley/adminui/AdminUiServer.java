package dev.parley.adminui;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import java.util.List;

/**
 * A Parley server on a loopback ephemeral port with the admin UI instrumented: every socket of {@code /}
 * joins room {@code lobby} and answers {@code ping} with {@code pong}. Allows {@code corsOrigin} with
 * credentials, as the hosted UI needs (null: no CORS).
 */
final class AdminUiServer implements AutoCloseable {
    final SocketIoServer io;
    final ParleyServer server;
    final AdminUi admin;

    AdminUiServer(AdminUiConfig config, String corsOrigin) throws InterruptedException {
        EngineIoConfig.Builder engine = EngineIoConfig.builder().path("/socket.io/");
        if (corsOrigin != null) {
            engine.corsOrigins(List.of(corsOrigin)).corsCredentials(true);
        }
        io = new SocketIoServer(SocketIoConfig.builder().engine(engine.build()).build());
        io.onConnection(socket -> {
            socket.join("lobby");
            socket.on("ping", args -> args.ack("pong"));
        });
        admin = AdminUi.instrument(io, config);
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
    }

    String url() {
        return server.url();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.stop();
        } finally {
            io.close();
            admin.close();
        }
    }
}
