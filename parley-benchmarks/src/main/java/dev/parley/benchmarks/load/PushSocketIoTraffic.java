package dev.parley.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A push subscriber over Socket.IO, in namespace {@code /topics}: once connected it emits
 * {@code topic:subscribe} {@code {topic}} with an ack and is ready at the ack (unless the ack carries an
 * {@code error}); each {@code topic:event} {@code {topic,id,data}} is a delivery, {@code topic:gap} a gap
 * notice. Used only on the event loop.
 */
final class PushSocketIoTraffic implements SocketIoTraffic {
    static final String NAMESPACE = "/topics";
    static final String SUBSCRIBE = "topic:subscribe";
    static final String EVENT = "topic:event";
    static final String GAP = "topic:gap";

    private static final long SUBSCRIBE_ACK_ID = 0;
    private static final byte[] EVENT_PREFIX = SocketIoWire.namePrefix(EVENT);
    private static final byte[] GAP_PREFIX = SocketIoWire.namePrefix(GAP);
    private static final byte[] ERROR_FIELD = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final SessionContext context;
    /** {@code 42/topics,0["topic:subscribe",{"topic":T}]} */
    private final byte[] subscribe;
    private final int payloadSize;
    private final PushSubscriber subscriber;
    private boolean subscribed;

    private PushSocketIoTraffic(SessionContext context, byte[] subscribe, int payloadSize, PushSubscriber subscriber) {
        this.context = context;
        this.subscribe = subscribe;
        this.payloadSize = payloadSize;
        this.subscriber = subscriber;
    }

    /** The subscribe packet of {@code topic}, built once per run. */
    static byte[] subscribePacket(String topic) {
        ArrayNode data = new ObjectMapper().createArrayNode().add(SUBSCRIBE);
        data.addObject().put("topic", topic);
        return ("" + (char) SocketIoWire.MESSAGE + (char) SocketIoWire.EVENT + NAMESPACE + ","
                + SUBSCRIBE_ACK_ID + data).getBytes(StandardCharsets.UTF_8);
    }

    /** The session of one connection, {@code subscriber}, sending {@code subscribe} (shared, never written to). */
    static ProtocolSession.Factory sessions(byte[] subscribe, int payloadSize, PushSubscriber subscriber) {
        return SocketIoSession.factory(
                context -> new PushSocketIoTraffic(context, subscribe, payloadSize, subscriber), NAMESPACE);
    }

    @Override
    public void onConnected() {
        ByteBuf packet = context.alloc().buffer(subscribe.length);
        packet.writeBytes(subscribe);
        context.writeText(packet);
    }

    @Override
    public void onAck(long id, ByteBuf packet) {
        if (subscribed || id != SUBSCRIBE_ACK_ID) {
            context.otherMessage();
        } else if (contains(packet, ERROR_FIELD)) {
            context.abort("topic:subscribe refused: " + packet.toString(StandardCharsets.UTF_8));
        } else {
            subscribed = true;
            subscriber.ready();
            context.sessionReady();
        }
    }

    @Override
    public void onEvent(ByteBuf packet) {
        if (SocketIoWire.isEvent(packet, EVENT_PREFIX)) {
            int stamp = PushText.find(packet, payloadSize);
            if (stamp < 0) {
                subscriber.onMalformed();
            } else {
                subscriber.onEvent(PushText.id(packet), PushText.stampAt(packet, stamp), System.nanoTime());
            }
        } else if (SocketIoWire.isEvent(packet, GAP_PREFIX)) {
            subscriber.onGap();
        } else {
            context.otherMessage();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        throw new IllegalStateException("a push subscriber sends no requests");
    }

    private static boolean contains(ByteBuf in, byte[] bytes) {
        int end = in.writerIndex() - bytes.length;
        outer:
        for (int i = in.readerIndex(); i <= end; i++) {
            for (int k = 0; k < bytes.length; k++) {
                if (in.getByte(i + k) != bytes[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
