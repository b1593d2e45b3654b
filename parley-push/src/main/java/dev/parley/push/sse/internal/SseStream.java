package dev.parley.push.sse.internal;

import dev.parley.push.Subscription;
import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import dev.parley.server.HttpStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SSE subscriber: its subscriptions to one or more topics, written to one {@link HttpStream}.
 *
 * <p>Resuming after an id covers every topic of the stream (ids increase across topics), so the stream must
 * reach the client in id order: while it subscribes, what the topics replay (and any live event meanwhile) is
 * collected, then sorted and written as one piece ({@link #start}); after that, each event is written as it
 * comes. Events of different topics published at the same instant on different threads may still be written in
 * either order (each topic's own order always holds).
 *
 * <p>Thread-safe: listeners run on publishers' threads; the lock only orders the switch from collecting to live.
 */
public final class SseStream implements TopicListener {
    private final List<Subscription> subscriptions = new ArrayList<>(1);
    /** Gaps to tell before the replay; null when none. Guarded by this. */
    private Map<String, Long> gaps;
    /** Collected until {@link #start}; null once live. Guarded by this. */
    private List<TopicEvent> collected = new ArrayList<>();
    private HttpStream stream;
    private boolean closed;

    public synchronized void add(Subscription subscription) {
        if (closed) {
            subscription.close();
        } else {
            subscriptions.add(subscription);
        }
    }

    @Override
    public void onEvent(TopicEvent event) {
        HttpStream live;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (collected != null) {
                collected.add(event);
                return;
            }
            live = stream;
        }
        live.write(event.encoded(SseEncoding.EVENT));
    }

    @Override
    public synchronized void onGap(String topic, long afterId) {
        // Only ever during subscribe(), before the replay: still collecting.
        if (gaps == null) {
            gaps = new LinkedHashMap<>();
        }
        gaps.put(topic, afterId);
    }

    /**
     * Writes the start of the stream, the gaps and the replay in id order (the oldest left out past
     * {@code maxReplayBytes}, which makes a gap for their topics) as one piece, then goes live.
     */
    public synchronized void start(HttpStream opened, long retryMillis, long afterId, long maxReplayBytes) {
        stream = opened;
        List<TopicEvent> events = collected;
        collected = null;
        events.sort(Comparator.comparingLong(TopicEvent::id));
        int first = events.size();
        long bytes = 0;
        while (first > 0 && bytes + events.get(first - 1).encoded(SseEncoding.EVENT).length <= maxReplayBytes) {
            first--;
            bytes += events.get(first).encoded(SseEncoding.EVENT).length;
        }
        for (int i = 0; i < first; i++) {
            onGap(events.get(i).topic(), afterId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes + 128);
        out.writeBytes(SseEncoding.hello(retryMillis).getBytes(StandardCharsets.UTF_8));
        if (gaps != null) {
            gaps.forEach((topic, after) -> out.writeBytes(SseEncoding.gap(topic, after).getBytes(StandardCharsets.UTF_8)));
            gaps = null;
        }
        for (int i = first; i < events.size(); i++) {
            out.writeBytes(events.get(i).encoded(SseEncoding.EVENT));
        }
        opened.write(out.toByteArray());
    }

    /** Ends every subscription (the stream ended, or was never opened). Idempotent. */
    public void close() {
        List<Subscription> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            collected = null;
            toClose = List.copyOf(subscriptions);
            subscriptions.clear();
        }
        toClose.forEach(Subscription::close);
    }
}
