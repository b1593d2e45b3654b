package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * Socket.IO broadcast, with the events of Parley's {@code echo} app and of the Node peer. A subscriber, once
 * connected, emits {@code join} {@code ["room", ack]} and is ready at the ack; then each {@code news}
 * {@code [payload]} event is a delivery of the stamp the payload starts with. The publisher is ready on
 * connect and joins nothing, so the server's {@code io.to(room)} does not send it the news; each request is
 * a {@code broadcast} {@code ["room", payload]} event.
 */
final class SocketIoBroadcastTraffic implements SocketIoTraffic {
    static final String JOIN = "join";
    static final String PUBLISH = "broadcast";
    static final String NEWS = "news";

    /** The one ack a subscriber asks for: its join's. */
    private static final long JOIN_ACK_ID = 0;
    private static final byte[] NEWS_PREFIX = SocketIoWire.namePrefix(NEWS);

    private final SessionContext context;
    /** The publisher's broadcast event; null for a subscriber. */
    private final StampedPayload publish;
    /** A subscriber's join event data; null for the publisher. */
    private final byte[] join;
    /** Bytes of a whole news packet, {@code 42["news","<payload>"]}, for a subscriber to check. */
    private final int newsLength;
    private boolean joined;

    private SocketIoBroadcastTraffic(SessionContext context, StampedPayload publish, byte[] join, int newsLength) {
        this.context = context;
        this.publish = publish;
        this.join = join;
        this.newsLength = newsLength;
    }

    /** Subscribers of {@code room}, whose news carry {@code payloadSize} characters. */
    static SocketIoTraffic.Factory subscriber(String room, int payloadSize) {
        int newsLength = StampedPayload.socketIoEvent(payloadSize, NEWS).length();
        byte[] join = SocketIoWire.eventData(JOIN, room);
        return context -> new SocketIoBroadcastTraffic(context, null, join, newsLength);
    }

    /** The publisher to {@code room}, of {@code payloadSize} characters per broadcast. */
    static SocketIoTraffic.Factory publisher(String room, int payloadSize) {
        StampedPayload broadcast = StampedPayload.socketIoEvent(payloadSize, PUBLISH, room);
        return context -> new SocketIoBroadcastTraffic(context, broadcast, null, 0);
    }

    @Override
    public void onConnected() {
        if (join == null) {
            context.sessionReady();
            return;
        }
        ByteBuf packet = context.alloc().buffer(join.length + 3);
        SocketIoWire.writeEventWithAck(packet, JOIN_ACK_ID, join);
        context.writeText(packet);
    }

    @Override
    public void onAck(long id, ByteBuf packet) {
        // The ack's arguments (true from both servers) are not checked: being acked means being in the room.
        if (join != null && !joined && id == JOIN_ACK_ID) {
            joined = true;
            context.sessionReady();
        } else {
            context.otherMessage();
        }
    }

    @Override
    public void onEvent(ByteBuf packet) {
        int afterName = SocketIoWire.afterEventName(packet, NEWS_PREFIX);
        if (join == null || afterName < 0) {
            // Parley's echo app greets each socket with an "auth" event; the publisher expects nothing.
            context.otherMessage();
            return;
        }
        // 42["news","<stamp><filler>"]: the payload as published, so the packet's length is known.
        int stamp = afterName + 2;
        if (packet.readableBytes() == newsLength && packet.getByte(afterName) == ','
                && packet.getByte(afterName + 1) == '"' && StampedPayload.isStamp(packet, stamp)) {
            context.delivered(StampedPayload.readStamp(packet, stamp));
        } else {
            context.malformedDelivery();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        if (publish == null) {
            throw new IllegalStateException("a subscriber publishes nothing");
        }
        context.writeText(publish.write(context.alloc(), stampNanos));
    }
}
