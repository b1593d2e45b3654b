package dev.parley.push;

import java.util.ArrayList;
import java.util.List;

/** TEMPORARY test double of the lead's core (push-core-api.md): deleted when main's parley-push lands. */
public final class Topics {
    private final PushConfig config;
    private final List<TopicEvent> events = new ArrayList<>();
    private long last;

    private Topics(PushConfig config) {
        this.config = config;
    }

    public static Topics create(PushConfig config) {
        return new Topics(config);
    }

    public PushConfig config() {
        return config;
    }

    public synchronized TopicEvent publish(String topic, String jsonData) throws PushException {
        if (jsonData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > config.maxDataBytes()) {
            throw new PushException("data_too_large");
        }
        TopicEvent e = new TopicEvent(topic, ++last, jsonData);
        events.add(e);
        return e;
    }

    public synchronized Replay replay(String topic, long afterId, int max) {
        List<TopicEvent> found = new ArrayList<>();
        for (TopicEvent e : events) {
            if (e.topic().equals(topic) && e.id() > afterId && found.size() < max) {
                found.add(e);
            }
        }
        return new Replay(found, false, last);
    }

    public synchronized long lastId() {
        return last;
    }

    public void close() {
    }

    public record Replay(List<TopicEvent> events, boolean gap, long lastId) {
    }
}
