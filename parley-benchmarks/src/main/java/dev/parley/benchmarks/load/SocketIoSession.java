package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A Socket.IO v5 client of the main namespace over the Engine.IO v4 websocket transport: waits for the
 * open packet {@code 0{...}}, sends CONNECT {@code 40}, is ready at the server's {@code 40{"sid":...}};
 * answers each ping {@code 2} with a pong {@code 3}. Requests are events {@code 42["message",...]} whose
 * replies are the server's events of the reply name, or events with an ack id {@code 42<id>[...]} whose
 * replies are ACK packets {@code 43<id>[...]}, which must come in order. Used only on the event loop.
 */
final class SocketIoSession implements ProtocolSession {
    private enum State { AWAIT_OPEN, AWAIT_CONNECT, READY }

    private final SessionContext context;
    /** The whole event without ack; or, with {@code replyName} null, the data that follows {@code 42<id>}. */
    private final byte[] request;
    private final byte[] replyName;
    private State state = State.AWAIT_OPEN;
    private long pingInterval;
    private long nextAckId;
    private long expectedAckId;

    private SocketIoSession(SessionContext context, byte[] request, byte[] replyName) {
        this.context = context;
        this.request = request;
        this.replyName = replyName;
    }

    /**
     * @param request the whole event {@code 42[...]} when {@code replyName} is given; without it, requests
     *     ask for acks and {@code request} is the data after {@code 42<id>}
     * @param replyName the prefix {@link SocketIoWire#namePrefix} of the reply events, or null for acks
     */
    static ProtocolSession.Factory factory(byte[] request, byte[] replyName) {
        return context -> new SocketIoSession(context, request, replyName);
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
    public void writeRequest() {
        if (replyName != null) {
            context.writeText(Unpooled.wrappedBuffer(request));
            return;
        }
        ByteBuf packet = context.alloc().buffer(request.length + 22);
        SocketIoWire.writeEventWithAck(packet, nextAckId++, request);
        context.writeText(packet);
    }

    private void onOpen(ByteBuf message) {
        if (state != State.AWAIT_OPEN) {
            context.abort("second Engine.IO open packet");
            return;
        }
        pingInterval = SocketIoWire.pingInterval(message.toString(StandardCharsets.UTF_8));
        state = State.AWAIT_CONNECT;
        context.writeText(Unpooled.wrappedBuffer(SocketIoWire.CONNECT_PACKET));
    }

    private void onSocketIoPacket(ByteBuf message) {
        switch (SocketIoWire.socketType(message)) {
            case SocketIoWire.CONNECT -> {
                if (state == State.AWAIT_CONNECT) {
                    state = State.READY;
                    context.sessionReady();
                }
            }
            case SocketIoWire.EVENT -> {
                if (replyName != null && SocketIoWire.isEvent(message, replyName)) {
                    context.reply();
                } else {
                    context.otherMessage();
                }
            }
            case SocketIoWire.ACK -> onAck(SocketIoWire.ackId(message));
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

    private void onAck(long id) {
        if (replyName != null) {
            context.otherMessage();
            return;
        }
        if (id == expectedAckId) {
            context.reply();
        } else {
            context.mismatchedReply();
        }
        expectedAckId++;
    }
}
