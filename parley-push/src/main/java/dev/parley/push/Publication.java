package dev.parley.push;

/** One event to publish: a topic and its data as JSON text. */
public record Publication(String topic, String jsonData) {
}
