package dev.parley.push;

/**
 * Decides whether a subscriber may receive a topic. Every transport asks it before subscribing, with the token
 * the subscriber presented (null when none).
 */
@FunctionalInterface
public interface SubscribeAuthorizer {
    /** Every topic is public. */
    SubscribeAuthorizer PUBLIC = (topic, token) -> true;

    boolean maySubscribe(String topic, String tokenOrNull);
}
