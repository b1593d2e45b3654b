package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Echo over Socket.IO: requests are events {@code 42["message",...]} whose replies are the server's events
 * of the reply name, or events with an ack id {@code 42<id>[...]} whose replies are ACK packets
 * {@code 43<id>[...]}, which must come in order. Ready as soon as the namespace is connected.
 */
final class SocketIoEchoTraffic implements SocketIoTraffic {
    private final SessionContext context;
    /** The whole event without ack; or, with {@code replyName} null, the data that follows {@code 42<id>}. */
    private final byte[] request;
    private final byte[] replyName;
    private long nextAckId;
    private long expectedAckId;

    private SocketIoEchoTraffic(SessionContext context, byte[] request, byte[] replyName) {
        this.context = context;
        this.request = request;
        this.replyName = replyName;
    }

    /**
     * @param request the whole event {@code 42[...]} when {@code replyName} is given; without it, requests
     *     ask for acks and {@code request} is the data after {@code 42<id>}
     * @param replyName the prefix {@link SocketIoWire#namePrefix} of the reply events, or null for acks
     */
    static SocketIoTraffic.Factory factory(byte[] request, byte[] replyName) {
        return context -> new SocketIoEchoTraffic(context, request, replyName);
    }

    @Override
    public void onConnected() {
        context.sessionReady();
    }

    @Override
    public void onEvent(ByteBuf packet) {
        if (replyName != null && SocketIoWire.isEvent(packet, replyName)) {
            context.reply();
        } else {
            context.otherMessage();
        }
    }

    @Override
    public void onAck(long id, ByteBuf packet) {
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

    @Override
    public void writeRequest(long stampNanos) {
        if (replyName != null) {
            context.writeText(Unpooled.wrappedBuffer(request));
            return;
        }
        ByteBuf packet = context.alloc().buffer(request.length + 22);
        SocketIoWire.writeEventWithAck(packet, nextAckId++, request);
        context.writeText(packet);
    }
}
