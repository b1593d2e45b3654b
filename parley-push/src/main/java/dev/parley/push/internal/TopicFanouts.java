package dev.parley.push.internal;

import dev.parley.push.Topics;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TopicFanout}s of one transport, one per topic that has subscribers on it: created with its hub
 * subscription by the first subscriber, closed with it when the last one leaves. Thread-safe.
 *
 * @param <M> a subscriber of the transport
 */
public final class TopicFanouts<M> {
    private final Topics topics;
    private final FanoutSink<M> sink;
    private final long maxReplayBytes;
    private final ConcurrentHashMap<String, TopicFanout<M>> byTopic = new ConcurrentHashMap<>();

    public TopicFanouts(Topics topics, FanoutSink<M> sink, long maxReplayBytes) {
        this.topics = topics;
        this.sink = sink;
        this.maxReplayBytes = maxReplayBytes;
    }

    /**
     * Takes a place in {@code topic}'s fan-out (a valid name), creating it and its hub subscription if needed;
     * then {@link #join} or {@link #leave}. Throws the hub's {@link dev.parley.push.PushException}
     * ({@code too_many_topics}) when it cannot track the topic.
     */
    public TopicFanout<M> reserve(String topic) {
        // The count is taken with the lookup, so a subscriber leaving meanwhile cannot close a fan-out that
        // another is joining.
        return byTopic.compute(topic, (name, current) -> {
            TopicFanout<M> fanout = current;
            if (fanout == null) {
                fanout = new TopicFanout<>(name, sink);
                fanout.subscription = topics.subscribe(name, -1, fanout);
            }
            fanout.reservations++;
            return fanout;
        });
    }

    /**
     * Where a live-only subscription starts: the newest id issued now. Taken before the subscription is
     * confirmed and joined from after the confirmation, so that an event published in between (by a client that
     * publishes as soon as it sees the confirmation, say) is replayed rather than missed.
     */
    public long livePosition() {
        return topics.lastId();
    }

    /**
     * Makes {@code member} a subscriber of a reserved fan-out: replays what followed {@code afterId} (see
     * {@link TopicFanout#join}), then live events.
     */
    public void join(TopicFanout<M> fanout, M member, long afterId) {
        fanout.join(topics, member, afterId, maxReplayBytes);
    }

    /** Unsubscribes {@code member}; the last one out closes the topic's hub subscription. */
    public void leave(TopicFanout<M> fanout, M member) {
        fanout.leave(member);
        byTopic.compute(fanout.topic(), (name, current) -> {
            if (current != fanout) {
                return current;
            }
            if (--fanout.reservations > 0) {
                return fanout;
            }
            fanout.subscription.close();
            return null;
        });
    }

    /** Topics with at least one subscriber on this transport. */
    public int topicCount() {
        return byTopic.size();
    }
}
