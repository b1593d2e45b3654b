package dev.parley.push.internal;

import dev.parley.push.TopicEvent;
import java.util.Collection;

/**
 * How one transport writes to the subscribers of a {@link TopicFanout}. Every method only enqueues writes: it
 * may be called on a publisher's thread while the topic is locked.
 *
 * @param <M> a subscriber (a WebSocket session, a Socket.IO socket)
 */
public interface FanoutSink<M> {
    /**
     * A live event to every member, encoded once. Called in id order, under the fan-out's lock; the collection
     * is the fan-out's own: read it during the call, do not keep it.
     */
    void broadcast(TopicEvent event, Collection<M> members);

    /** A replayed event to one subscriber that is catching up. */
    void replay(M member, TopicEvent event);

    /** Tells one subscriber that events it asked for are gone: it should reload. */
    void gap(M member, String topic);

    /**
     * {@code member} became a subscriber of {@code topic}: live events reach it from now on. Called under the
     * fan-out's lock, so no broadcast runs at the same time. Default: nothing.
     */
    default void joined(M member, String topic) {
    }

    /** {@code member} stopped following {@code topic}; under the fan-out's lock. Default: nothing. */
    default void left(M member, String topic) {
    }
}
