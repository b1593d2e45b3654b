package dev.parley.app.echo;

import dev.parley.socketio.EventArgs;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;

/**
 * The Socket.IO application the official v5 protocol test suite expects, on namespaces {@code /} and
 * {@code /custom}: on connect it emits {@code auth} with the handshake's auth payload; {@code message}
 * comes back as {@code message-back} with the same arguments (binaries included); {@code message-with-ack}
 * is acknowledged with the same arguments. Other namespaces are refused.
 *
 * <p>For the load generator's broadcast scenario, and like its Node socket.io peer: {@code join}
 * {@code (room, ack)} joins the room and acknowledges with {@code true}; {@code broadcast}
 * {@code (room, payload)} emits {@code news (payload)} to the room's sockets of the namespace (the sender
 * too, if it joined). The suite never sends these two events.
 *
 * <p>For the tests behind a reverse proxy: {@code address} is acknowledged with the client address of the
 * handshake as Parley resolved it ({@code X-Forwarded-For} from a trusted proxy), e.g. {@code "127.0.0.1"}.
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
        socket.on("join", args -> join(socket, args));
        socket.on("broadcast", args -> broadcast(socket, args));
        socket.on("address", args -> args.ack(socket.handshake().address().getAddress().getHostAddress()));
    }

    private static void join(SocketIoSocket socket, EventArgs args) {
        String room = args.getString(0);
        if (room != null) {
            socket.join(room);
        }
        // Acked only once joined: the subscriber waits for it before the publisher starts.
        args.ack(room != null);
    }

    private static void broadcast(SocketIoSocket socket, EventArgs args) {
        String room = args.getString(0);
        if (room != null) {
            // Encoded once for the whole room (BroadcastOperator), as io.to(room).emit in socket.io.
            socket.namespace().to(room).emit("news", args.get(1));
        }
    }
}
