package dev.parley.push.subscriber.internal;

import dev.parley.push.EventEncoding;
import dev.parley.push.TopicEvent;

/**
 * An event as the HTTP subscribers show it: {@code {"id":..,"topic":"..","data":..}}, the data being the
 * published JSON text as it is. The same object is an SSE message's data and an element of a poll's
 * {@code events}, so a client handles both alike. Encoded once per event ({@link TopicEvent#encoded}).
 */
public final class EventJson {
    /** The one instance: the memo key of {@link TopicEvent#encoded}. */
    public static final EventEncoding<String> ENCODING = EventJson::encode;

    private EventJson() {
    }

    private static String encode(TopicEvent event) {
        // A topic name is letters, digits and _ . : @ / - (TopicName): nothing in it needs escaping in JSON.
        return "{\"id\":" + event.id() + ",\"topic\":\"" + event.topic() + "\",\"data\":" + event.data() + "}";
    }
}
