package dev.parley.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * A push subscriber over WebSocket ({@code /ws/topics}): once upgraded it sends
 * {@code {"type":"subscribe","topic":T}} and is ready at {@code {"type":"subscribed"}}; each
 * {@code {"type":"event",...,"id":N,...,"data":"@<stamp>..."}} is a delivery, {@code {"type":"gap"}} a gap
 * notice, {@code {"type":"error"}} ends the connection. Messages are recognised by their first bytes and the
 * data string found by {@link PushText}: nothing is parsed as JSON. Used only on the event loop.
 */
final class PushWsSession implements ProtocolSession {
    private static final byte[] EVENT = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIBED = "{\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GAP = "{\"type\":\"gap\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "{\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final SessionContext context;
    private final byte[] subscribe;
    private final int payloadSize;
    private final PushSubscriber subscriber;
    private boolean subscribed;

    private PushWsSession(SessionContext context, byte[] subscribe, int payloadSize, PushSubscriber subscriber) {
        this.context = context;
        this.subscribe = subscribe;
        this.payloadSize = payloadSize;
        this.subscriber = subscriber;
    }

    /** The subscribe message of {@code topic}, built once per run. */
    static byte[] subscribeMessage(String topic) {
        ObjectNode message = new ObjectMapper().createObjectNode().put("type", "subscribe").put("topic", topic);
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The session of one connection, {@code subscriber}, sending {@code subscribe} (shared, never written to). */
    static ProtocolSession.Factory factory(byte[] subscribe, int payloadSize, PushSubscriber subscriber) {
        return context -> new PushWsSession(context, subscribe, payloadSize, subscriber);
    }

    PushSubscriber subscriber() {
        return subscriber;
    }

    @Override
    public void onUpgraded() {
        context.writeText(Unpooled.wrappedBuffer(subscribe));
    }

    @Override
    public void onMessage(boolean text, ByteBuf message) {
        if (!text) {
            subscriber.onMalformed();
        } else if (startsWith(message, EVENT)) {
            int stamp = PushText.find(message, payloadSize);
            if (stamp < 0) {
                subscriber.onMalformed();
            } else {
                subscriber.onEvent(PushText.id(message), PushText.stampAt(message, stamp), System.nanoTime());
            }
        } else if (startsWith(message, SUBSCRIBED)) {
            if (!subscribed) {
                subscribed = true;
                subscriber.ready();
                context.sessionReady();
            }
        } else if (startsWith(message, GAP)) {
            subscriber.onGap();
        } else if (startsWith(message, ERROR)) {
            context.abort("error from the server: " + message.toString(StandardCharsets.UTF_8));
        } else {
            context.otherMessage();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        throw new IllegalStateException("a push subscriber sends no requests");
    }

    static boolean startsWith(ByteBuf in, byte[] prefix) {
        if (in.readableBytes() < prefix.length) {
            return false;
        }
        int from = in.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
