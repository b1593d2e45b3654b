package dev.parley.push.internal;

import dev.parley.push.EventEncoding;
import dev.parley.push.Replay;
import dev.parley.push.Subscription;
import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import dev.parley.push.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of one topic on one transport, behind a single hub subscription: a live event is handed to
 * the transport once for all of them (so it is encoded once), instead of once per subscriber.
 *
 * <p>Joining with a resume point replays from the hub's history and then joins the live stream with no gap and
 * no duplicate. The joiner first registers as catching up (live events are then kept aside for it, not sent),
 * replays the history outside any lock, and finally, under this fan-out's lock (which every live delivery of the
 * topic takes), sends what was kept aside and is newer than its replay, and becomes a member. Every event
 * published before the registration is in the replay (or reported as a gap), every one delivered between the
 * registration and the final step is in the kept list, and every later one is a live delivery.
 * (The hub's own per-listener replay gives the same guarantee, at the cost of one hub listener, and one
 * hand-over to the transport, per subscriber.)
 *
 * <p>Thread contract: {@link #onEvent} runs on publishers' threads, {@link #join} and {@link #leave} on the
 * transports' handler threads. Lock order: the hub's topic lock, then this; {@link #join} never holds this while
 * it calls the hub.
 */
public final class TopicFanout<M> implements TopicListener {
    /** UTF-8 bytes of an event's data, memoized on the event: the unit of the replay budget. */
    private static final EventEncoding<Integer> DATA_BYTES = event -> event.data().getBytes(StandardCharsets.UTF_8).length;

    private final String topic;
    private final FanoutSink<M> sink;
    private final Set<M> members = new HashSet<>(); // guarded by this
    private final Map<M, CatchUp> catchingUp = new HashMap<>(); // guarded by this
    // Both guarded by the owning TopicFanouts' map entry (changed only in its compute calls).
    int reservations;
    Subscription subscription;

    TopicFanout(String topic, FanoutSink<M> sink) {
        this.topic = topic;
        this.sink = sink;
    }

    public String topic() {
        return topic;
    }

    @Override
    public synchronized void onEvent(TopicEvent event) {
        if (!members.isEmpty()) {
            sink.broadcast(event, members);
        }
        for (CatchUp catchUp : catchingUp.values()) {
            catchUp.keep(event);
        }
    }

    /**
     * Adds a subscriber. {@code afterId}: {@code -1} live only, {@code 0} all retained then live, {@code n} what
     * followed event {@code n} then live. At most {@code maxReplayBytes} of data is replayed (and at most as much
     * kept aside during the replay); past it the rest is skipped and reported as a gap.
     */
    void join(Topics topics, M member, long afterId, long maxReplayBytes) {
        if (afterId < 0) {
            synchronized (this) {
                add(member);
            }
            return;
        }
        CatchUp catchUp = new CatchUp(maxReplayBytes);
        synchronized (this) {
            catchingUp.put(member, catchUp);
        }
        try {
            Replay replay = topics.replay(topic, afterId, Integer.MAX_VALUE);
            if (replay.gap()) {
                sink.gap(member, topic);
            }
            long sent = afterId;
            long budget = maxReplayBytes;
            boolean skipped = false;
            for (TopicEvent event : replay.events()) {
                int cost = event.encoded(DATA_BYTES);
                if (cost > budget) {
                    skipped = true;
                    break;
                }
                budget -= cost;
                sink.replay(member, event);
                sent = event.id();
            }
            synchronized (this) {
                catchingUp.remove(member);
                if (skipped || catchUp.overflowed) {
                    if (!replay.gap()) {
                        sink.gap(member, topic);
                    }
                } else {
                    for (TopicEvent event : catchUp.kept) {
                        // The replay may already hold the first ones: it read the history after registration.
                        if (event.id() > sent) {
                            sink.replay(member, event);
                            sent = event.id();
                        }
                    }
                }
                add(member);
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                catchingUp.remove(member);
            }
            throw e;
        }
    }

    synchronized void leave(M member) {
        if (members.remove(member)) {
            sink.left(member, topic);
        }
    }

    private void add(M member) {
        if (members.add(member)) {
            sink.joined(member, topic);
        }
    }

    /** Live events kept aside for one joiner while it replays; bounded in data bytes. Guarded by the fan-out. */
    private static final class CatchUp {
        private final long maxBytes;
        private final List<TopicEvent> kept = new ArrayList<>();
        private long bytes;
        private boolean overflowed;

        CatchUp(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        void keep(TopicEvent event) {
            if (overflowed) {
                return;
            }
            bytes += event.encoded(DATA_BYTES);
            if (bytes > maxBytes) {
                overflowed = true; // the joiner will be told of a gap instead
                kept.clear();
            } else {
                kept.add(event);
            }
        }
    }
}
