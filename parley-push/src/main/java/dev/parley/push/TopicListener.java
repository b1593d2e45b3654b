package dev.parley.push;

/**
 * Receives a subscription's events. Called on the publisher's thread, in id order for each topic, while the
 * topic is locked (that is what makes replay and live delivery join without a gap or a duplicate): it must not
 * block. Transports only enqueue a write.
 */
@FunctionalInterface
public interface TopicListener {
    void onEvent(TopicEvent event);

    /**
     * Called once, before any replayed event, when the retained history no longer reaches back to
     * {@code afterId}: events were dropped (count or age), the topic was forgotten, or the id comes from before
     * this server started or from another server. The subscriber should reload what it shows.
     */
    default void onGap(String topic, long afterId) {
    }
}
