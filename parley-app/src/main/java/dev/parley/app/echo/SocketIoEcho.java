package dev.parley.app.echo;

import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;

/**
 * The Socket.IO application the official v5 protocol test suite expects, on namespaces {@code /} and
 * {@code /custom}: on connect it emits {@code auth} with the handshake's auth payload; {@code message}
 * comes back as {@code message-back} with the same arguments (binaries included); {@code message-with-ack}
 * is acknowledged with the same arguments. Other namespaces are refused.
 */
public final class SocketIoEcho {
    private SocketIoEcho() {
    }

    public static void mount(SocketIoServer io) {
        for (Namespace namespace : new Namespace[] {io.of("/"), io.of("/custom")}) {
            namespace.onConnection(SocketIoEcho::onConnection);
        }
    }

    private static void onConnection(SocketIoSocket socket) {
        socket.emit("auth", socket.handshake().auth());
        socket.on("message", args -> socket.emit("message-back", args.all().toArray()));
        socket.on("message-with-ack", args -> args.ack(args.all().toArray()));
    }
}
