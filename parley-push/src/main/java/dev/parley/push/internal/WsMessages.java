package dev.parley.push.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.push.EventEncoding;
import dev.parley.push.TopicEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's messages of the {@code /ws/topics} protocol, as JSON text. Topic names are restricted to
 * characters JSON never escapes, and event data is already well-formed JSON, so both are written as they are;
 * anything a client made up (in an error) goes through Jackson.
 */
public final class WsMessages {
    /** An event as a text message, built once per event and shared by every WebSocket subscriber. */
    public static final EventEncoding<String> EVENT = event -> new StringBuilder(event.data().length() + 64)
            .append("{\"type\":\"event\",\"topic\":\"").append(event.topic())
            .append("\",\"id\":").append(event.id())
            .append(",\"data\":").append(event.data()).append('}').toString();

    private static final ObjectMapper JSON = new ObjectMapper();

    private WsMessages() {
    }

    public static String event(TopicEvent event) {
        return event.encoded(EVENT);
    }

    public static String subscribed(String topic) {
        return "{\"type\":\"subscribed\",\"topic\":\"" + topic + "\"}";
    }

    public static String unsubscribed(String topic) {
        return "{\"type\":\"unsubscribed\",\"topic\":\"" + topic + "\"}";
    }

    public static String gap(String topic) {
        return "{\"type\":\"gap\",\"topic\":\"" + topic + "\"}";
    }

    public static String error(RequestError error) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "error");
        message.put("code", error.code());
        message.put("message", error.getMessage());
        if (error.topic() != null) {
            message.put("topic", error.topic());
        }
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always writable", e);
        }
    }
}
