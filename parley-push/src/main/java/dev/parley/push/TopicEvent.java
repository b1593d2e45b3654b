package dev.parley.push;

/** TEMPORARY test double of the lead's core (push-core-api.md): deleted when main's parley-push lands. */
public final class TopicEvent {
    private final String topic;
    private final long id;
    private final String data;

    TopicEvent(String topic, long id, String data) {
        this.topic = topic;
        this.id = id;
        this.data = data;
    }

    public String topic() {
        return topic;
    }

    public long id() {
        return id;
    }

    public String data() {
        return data;
    }
}
