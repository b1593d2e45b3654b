package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A Socket.IO v5 client of one namespace (the main one unless told) over the Engine.IO v4 websocket transport: waits for the
 * open packet {@code 0{...}}, sends CONNECT {@code 40}, and at the server's {@code 40{"sid":...}} hands over
 * to its {@link SocketIoTraffic} (echo requests, or a broadcast's join and deliveries); answers each ping
 * {@code 2} with a pong {@code 3}; a connect error, a disconnect or an Engine.IO close ends the connection.
 * Used only on the event loop.
 */
final class SocketIoSession implements ProtocolSession {
    private enum State { AWAIT_OPEN, AWAIT_CONNECT, CONNECTED }

    private final SessionContext context;
    private final SocketIoTraffic traffic;
    private final byte[] connectPacket;
    private State state = State.AWAIT_OPEN;
    private long pingInterval;

    private SocketIoSession(SessionContext context, SocketIoTraffic.Factory traffic, byte[] connectPacket) {
        this.context = context;
        this.traffic = traffic.create(context);
        this.connectPacket = connectPacket;
    }

    /** Sessions of the main namespace. */
    static ProtocolSession.Factory factory(SocketIoTraffic.Factory traffic) {
        return context -> new SocketIoSession(context, traffic, SocketIoWire.CONNECT_PACKET);
    }

    /**
     * Sessions whose CONNECT is {@code connectPacket}, for a server that wants auth data
     * ({@code 40{"nickname":"x"}}, see {@link SocketIoWire#connectPacket(String, String)}).
     */
    static ProtocolSession.Factory withConnectPacket(SocketIoTraffic.Factory traffic, byte[] connectPacket) {
        return context -> new SocketIoSession(context, traffic, connectPacket);
    }

    /** Sessions of {@code namespace} ({@code /topics}): CONNECT is {@code 40/topics,}. */
    static ProtocolSession.Factory factory(SocketIoTraffic.Factory traffic, String namespace) {
        byte[] connect = SocketIoWire.connectPacket(namespace);
        return context -> new SocketIoSession(context, traffic, connect);
    }

    @Override
    public void onUpgraded() {
        // The server speaks first, with the open packet.
    }

    @Override
    public void onMessage(boolean text, ByteBuf message) {
        if (!text) {
            context.abort("binary Engine.IO message, not expected");
            return;
        }
        switch (SocketIoWire.engineType(message)) {
            case SocketIoWire.OPEN -> onOpen(message);
            case SocketIoWire.PING -> {
                context.writeText(Unpooled.wrappedBuffer(SocketIoWire.PONG_PACKET));
                context.pingAnswered(pingInterval);
            }
            case SocketIoWire.MESSAGE -> onSocketIoPacket(message);
            case SocketIoWire.CLOSE -> context.abort("Engine.IO close from the server");
            case SocketIoWire.NOOP -> { }
            default -> context.abort("unexpected Engine.IO packet");
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        traffic.writeRequest(stampNanos);
    }

    private void onOpen(ByteBuf message) {
        if (state != State.AWAIT_OPEN) {
            context.abort("second Engine.IO open packet");
            return;
        }
        pingInterval = SocketIoWire.pingInterval(message.toString(StandardCharsets.UTF_8));
        state = State.AWAIT_CONNECT;
        context.writeText(Unpooled.wrappedBuffer(connectPacket));
    }

    private void onSocketIoPacket(ByteBuf message) {
        switch (SocketIoWire.socketType(message)) {
            case SocketIoWire.CONNECT -> {
                if (state == State.AWAIT_CONNECT) {
                    state = State.CONNECTED;
                    traffic.onConnected();
                }
            }
            case SocketIoWire.EVENT -> traffic.onEvent(message);
            case SocketIoWire.ACK -> traffic.onAck(SocketIoWire.ackId(message), message);
            case SocketIoWire.CONNECT_ERROR -> context.abort("Socket.IO connect error " + excerpt(message));
            case SocketIoWire.DISCONNECT -> context.abort("Socket.IO disconnect from the server");
            default -> context.otherMessage();
        }
    }

    /** The start of a packet, to say why a connection was refused. */
    private static String excerpt(ByteBuf message) {
        int length = Math.min(message.readableBytes(), 80);
        return message.toString(message.readerIndex(), length, StandardCharsets.UTF_8);
    }
}
