package dev.parley.push.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.push.PushException;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoServer;
import java.util.Map;

/**
 * The publishing side of the push demo page ({@code ./parley serve --app push}): the page publishes to topic
 * {@value #TOPIC} through a Socket.IO handler, which is also the example of publishing from one. Anyone who
 * opens the page may publish there, so the text is short, the rate per connection is capped, and nothing else
 * can be published this way; all connections together are capped too.
 */
public final class PushDemo {
    public static final String NAMESPACE = "/push-demo";
    public static final String TOPIC = "demo";
    public static final int MAX_TEXT = 200;
    /** Publications per connection per second: enough for the page's "every 100 ms" mode. */
    public static final int MAX_PER_SECOND = 20;
    /**
     * Publications per second from all connections together: opening many pages must not let one visitor flood
     * every subscriber of the demo topic.
     */
    public static final int MAX_PER_SECOND_TOTAL = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private PushDemo() {
    }

    public static void mount(SocketIoServer io, Topics topics) {
        PerSecondLimit total = new PerSecondLimit(MAX_PER_SECOND_TOTAL);
        io.of(NAMESPACE).onConnection(socket -> {
            PerSecondLimit limit = new PerSecondLimit(MAX_PER_SECOND);
            socket.on("publish", args -> publish(topics, limit, total, args));
        });
    }

    private static void publish(Topics topics, PerSecondLimit limit, PerSecondLimit total, EventArgs args) {
        String text = args.size() > 0 && args.get(0) instanceof String s ? s : null;
        Object sentAt = args.size() > 1 ? args.get(1) : null;
        if (text == null || text.length() > MAX_TEXT) {
            args.ack(Map.of("error", "invalid_text", "message", "text is a string of at most " + MAX_TEXT + " characters"));
            return;
        }
        long now = System.nanoTime();
        if (!limit.tryAcquire(now)) {
            args.ack(Map.of("error", "rate_limited", "message", "at most " + MAX_PER_SECOND + " publications a second"));
            return;
        }
        if (!total.tryAcquire(now)) {
            args.ack(Map.of("error", "rate_limited", "message", "the demo takes at most " + MAX_PER_SECOND_TOTAL
                    + " publications a second from everyone: try again in a moment"));
            return;
        }
        ObjectNode data = JSON.createObjectNode().put("text", text);
        if (sentAt instanceof Number number) {
            data.put("sentAt", number.doubleValue());
        }
        try {
            TopicEvent event = topics.publish(TOPIC, data.toString());
            args.ack(Map.of("id", event.id()));
        } catch (PushException e) {
            args.ack(Map.of("error", e.reason(), "message", e.getMessage()));
        }
    }

    /** A fixed one-second window per connection; the demo needs no finer shaping. */
    static final class PerSecondLimit {
        private final int max;
        private long windowStart;
        private int used;

        PerSecondLimit(int max) {
            this.max = max;
        }

        synchronized boolean tryAcquire(long nowNanos) {
            if (nowNanos - windowStart >= 1_000_000_000L) {
                windowStart = nowNanos;
                used = 0;
            }
            if (used == max) {
                return false;
            }
            used++;
            return true;
        }
    }
}
