package dev.parley.benchmarks.peers.nettysocketio;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import java.util.Arrays;

/**
 * Benchmark peer: the Socket.IO echo server of {@code peers/node/socketio-echo-server.mjs} on netty-socketio
 * (Java, Netty 4.1). Same events: {@code message} -> {@code message-back}, {@code message-with-ack}
 * acknowledged with its arguments, {@code join} (room, ack) and {@code broadcast} (room, payload) ->
 * {@code news} to the room. Usage: {@code java -jar target/netty-socketio-peer.jar 3203}
 */
public final class NettySocketIoEchoServer {
    /**
     * netty-socketio decodes only as many event arguments as the listener declares classes and drops the
     * rest, so the echo events declare this many untyped slots: Jackson reads each argument as a plain
     * Map/List/String/Number/Boolean and writes it back as it came. Unused slots cost nothing.
     */
    private static final Class<?>[] ANY_ARGS = new Class<?>[16];

    static {
        Arrays.fill(ANY_ARGS, Object.class);
    }

    private NettySocketIoEchoServer() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3203;

        // Only what the Node peer sets is changed; the rest (transports, ping timing, thread counts, NIO
        // rather than epoll, compression, ack mode) stays as netty-socketio ships it.
        Configuration config = new Configuration();
        config.setHostname("127.0.0.1");
        config.setPort(port);
        config.setContext("/socket.io");
        // The Node peer's maxHttpBufferSize of 1e6; netty-socketio defaults both limits to 64 KB.
        config.setMaxHttpContentLength(1_000_000);
        config.setMaxFramePayloadLength(1_000_000);

        SocketIOServer server = new SocketIOServer(config);
        server.addMultiTypeEventListener("message", (client, data, ack) ->
                client.sendEvent("message-back", data.getArgs().toArray()), ANY_ARGS);
        // The client's ack function is not among the arguments (it arrives as the AckRequest), so every
        // decoded argument goes back. Had we not acked, the default AckMode would send an empty ack.
        server.addMultiTypeEventListener("message-with-ack", (client, data, ack) ->
                ack.sendAckData(data.getArgs()), ANY_ARGS);
        server.addEventListener("join", String.class, (client, room, ack) -> {
            client.joinRoom(room);
            ack.sendAckData(true);
        });
        // Like io.to(room): every client of this namespace in the room, the sender included if it joined.
        server.addMultiTypeEventListener("broadcast", (client, data, ack) ->
                client.getNamespace().getRoomOperations(data.<String>first()).sendEvent("news", data.<Object>get(1)),
                String.class, Object.class);

        try {
            server.start();
        } catch (Throwable e) {
            // A failed bind (Netty rethrows the checked BindException unchecked) leaves the event loops
            // running: stop them, or the JVM would stay up without a server.
            server.stop();
            throw e;
        }
        // SIGTERM and Ctrl-C run shutdown hooks: close the listening socket and the event loops.
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "netty-socketio-stop"));
        System.out.println("netty-socketio echo listening on " + port);
    }
}
