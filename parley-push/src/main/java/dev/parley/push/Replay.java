package dev.parley.push;

import java.util.List;

/**
 * What a topic holds after an id (for polling): the events in id order, whether the history no longer reaches
 * back to that id ({@link TopicListener#onGap}), and the id to ask after next time (the last event returned,
 * or the topic's newest id when nothing was).
 */
public record Replay(List<TopicEvent> events, boolean gap, long lastId) {
    public Replay {
        events = List.copyOf(events);
    }
}
