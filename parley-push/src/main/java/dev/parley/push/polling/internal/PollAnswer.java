package dev.parley.push.polling.internal;

import dev.parley.push.TopicEvent;
import dev.parley.push.subscriber.internal.EventJson;
import dev.parley.server.HttpResponse;
import java.util.List;

/**
 * A poll's answer: {@code {"events":[{"id":..,"topic":"..","data":..}],"lastId":..,"gap":..}}. Each event's
 * JSON is encoded once ({@link EventJson}) and shared by every answer that carries it.
 */
public final class PollAnswer {
    private PollAnswer() {
    }

    /** @param lastId the id to ask after next time */
    public static HttpResponse of(List<TopicEvent> events, long lastId, boolean gap) {
        int size = 40;
        for (TopicEvent event : events) {
            size += event.encoded(EventJson.ENCODING).length() + 1;
        }
        StringBuilder json = new StringBuilder(size).append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(events.get(i).encoded(EventJson.ENCODING));
        }
        json.append("],\"lastId\":").append(lastId).append(",\"gap\":").append(gap).append('}');
        return HttpResponse.json(200, json.toString()).withHeader("Cache-Control", "no-store");
    }
}
