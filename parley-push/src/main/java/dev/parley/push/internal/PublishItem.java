package dev.parley.push.internal;

/**
 * One publication of a publish request: its topic, its data as compact JSON text, and the client's
 * idempotency key (its {@code id}), or null.
 */
public record PublishItem(String topic, String data, String idempotencyKey) {
}
