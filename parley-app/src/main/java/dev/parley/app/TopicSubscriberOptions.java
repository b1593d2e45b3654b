package dev.parley.app;

import dev.parley.push.SubscriberOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The bounds of the push gateway's connection subscribers (docs/push.md, "WebSocket" and "Socket.IO"): topics
 * one {@code /ws/topics} connection or {@code /topics} socket may follow, the size of a WebSocket subscribe
 * message, and the replay one subscription gets. What they build: {@link #subscriberOptions()}.
 */
public final class TopicSubscriberOptions {
    @Option(names = "--subscriber-max-topics",
            defaultValue = "${env:PARLEY_SUBSCRIBER_MAX_TOPICS:-" + SubscriberOptions.DEFAULT_MAX_SUBSCRIPTIONS + "}",
            description = "Topics one WebSocket connection or Socket.IO socket may follow; too_many_subscriptions past "
                    + "it (env PARLEY_SUBSCRIBER_MAX_TOPICS). Default: ${DEFAULT-VALUE}")
    int maxTopics;

    @Option(names = "--subscriber-max-message-size", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_SUBSCRIBER_MAX_MESSAGE_SIZE:-" + SubscriberOptions.DEFAULT_MAX_MESSAGE_BYTES + "}",
            description = "The largest message a /ws/topics client may send (a subscribe with its token); closed with "
                    + "1009 past it (env PARLEY_SUBSCRIBER_MAX_MESSAGE_SIZE). Default: ${DEFAULT-VALUE}")
    int maxMessageSize;

    @Option(names = "--subscriber-max-replay", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_SUBSCRIBER_MAX_REPLAY:-" + SubscriberOptions.DEFAULT_MAX_REPLAY_BYTES + "}",
            description = "Event data replayed to one WebSocket or Socket.IO subscription that resumes; the rest is "
                    + "skipped and told as a gap (env PARLEY_SUBSCRIBER_MAX_REPLAY). Default: ${DEFAULT-VALUE}")
    long maxReplay;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    SubscriberOptions subscriberOptions() {
        try {
            return new SubscriberOptions(maxTopics, maxMessageSize, maxReplay);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--subscriber-*: " + e.getMessage());
        }
    }
}
