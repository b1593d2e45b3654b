package dev.parley.push.internal;

import dev.parley.push.TopicPattern;
import java.util.List;

/**
 * What a verified credential allows: the topics it may publish to and subscribe to. The static publish token
 * is {@link #PUBLISH_ANYTHING}; a JWT grants what its {@code push} claim names.
 */
public record PushGrant(List<TopicPattern> publish, List<TopicPattern> subscribe) {
    public static final PushGrant PUBLISH_ANYTHING = new PushGrant(List.of(TopicPattern.parse("*")), List.of());

    public PushGrant {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    public boolean mayPublish(String topic) {
        return TopicPattern.anyMatches(publish, topic);
    }

    public boolean maySubscribe(String topic) {
        return TopicPattern.anyMatches(subscribe, topic);
    }
}
