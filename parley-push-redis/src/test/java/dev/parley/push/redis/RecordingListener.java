package dev.parley.push.redis;

import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a subscription gets: events in the order they came, and gaps (the id resumed after). */
final class RecordingListener implements TopicListener {
    final List<TopicEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> gaps = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(TopicEvent event) {
        events.add(event);
    }

    @Override
    public void onGap(String topic, long afterId) {
        gaps.add(afterId);
    }

    List<Long> ids() {
        return events.stream().map(TopicEvent::id).toList();
    }

    List<String> data() {
        return events.stream().map(TopicEvent::data).toList();
    }
}
