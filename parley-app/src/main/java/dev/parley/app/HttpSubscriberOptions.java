package dev.parley.app;

import dev.parley.push.SubscribeAuthorizer;
import dev.parley.push.polling.PollingOptions;
import dev.parley.push.sse.SseOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the push gateway's HTTP subscribers (docs/push.md, "Server-Sent Events" and "Polling"): the
 * heartbeat and bounds of SSE streams and of long polls. What they build: {@link #sse} and {@link #polling}
 * options, given the authorizer of private topics.
 */
public final class HttpSubscriberOptions {
    @Option(names = "--sse-heartbeat", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_SSE_HEARTBEAT:-15s}",
            description = "A comment line on every open SSE stream this often (env PARLEY_SSE_HEARTBEAT). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration heartbeat;

    @Option(names = "--sse-retry", converter = DurationConverter.class, defaultValue = "${env:PARLEY_SSE_RETRY:-2s}",
            description = "The reconnection delay SSE streams ask of browsers (env PARLEY_SSE_RETRY). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration retry;

    @Option(names = "--sse-max-topics", defaultValue = "${env:PARLEY_SSE_MAX_TOPICS:-32}",
            description = "Topics one SSE stream may ask for (env PARLEY_SSE_MAX_TOPICS). Default: ${DEFAULT-VALUE}")
    int maxTopics;

    @Option(names = "--sse-max-streams", defaultValue = "${env:PARLEY_SSE_MAX_STREAMS:-50000}",
            description = "Open SSE streams in total; 503 past it (env PARLEY_SSE_MAX_STREAMS). Default: ${DEFAULT-VALUE}")
    int maxStreams;

    @Option(names = "--sse-max-streams-per-address", defaultValue = "${env:PARLEY_SSE_MAX_STREAMS_PER_ADDRESS:-100}",
            description = "Open SSE streams from one client address; 429 past it (env PARLEY_SSE_MAX_STREAMS_PER_ADDRESS). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxStreamsPerAddress;

    @Option(names = "--sse-max-buffered", paramLabel = "BYTES", defaultValue = "${env:PARLEY_SSE_MAX_BUFFERED:-1048576}",
            description = "Bytes an SSE stream may have unread before it is closed as a slow consumer; the replay on "
                    + "(re)connection is at most half of it (env PARLEY_SSE_MAX_BUFFERED). Default: ${DEFAULT-VALUE}")
    long maxBuffered;

    @Option(names = "--poll-max-wait", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_POLL_MAX_WAIT:-30s}",
            description = "The longest a long poll waits (a longer wait= is cut to it) (env PARLEY_POLL_MAX_WAIT). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration pollMaxWait;

    @Option(names = "--poll-max-events", defaultValue = "${env:PARLEY_POLL_MAX_EVENTS:-100}",
            description = "Events in one poll answer; a client with more to catch up asks again after its lastId "
                    + "(env PARLEY_POLL_MAX_EVENTS). Default: ${DEFAULT-VALUE}")
    int pollMaxEvents;

    @Option(names = "--poll-max-waiting", defaultValue = "${env:PARLEY_POLL_MAX_WAITING:-50000}",
            description = "Long polls waiting at once in total; 503 past it (env PARLEY_POLL_MAX_WAITING). "
                    + "Default: ${DEFAULT-VALUE}")
    int pollMaxWaiting;

    @Option(names = "--poll-max-waiting-per-address", defaultValue = "${env:PARLEY_POLL_MAX_WAITING_PER_ADDRESS:-100}",
            description = "Long polls waiting at once from one client address; 429 past it "
                    + "(env PARLEY_POLL_MAX_WAITING_PER_ADDRESS). Default: ${DEFAULT-VALUE}")
    int pollMaxWaitingPerAddress;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The SSE options these set, with {@code authorizer} deciding private topics. */
    SseOptions sse(SubscribeAuthorizer authorizer) {
        try {
            return SseOptions.builder().heartbeat(heartbeat).retry(retry).maxTopics(maxTopics).maxStreams(maxStreams)
                    .maxStreamsPerAddress(maxStreamsPerAddress).maxBufferedBytes(maxBuffered)
                    .maxReplayBytes(Math.min(SseOptions.DEFAULT_MAX_REPLAY_BYTES, maxBuffered / 2))
                    .authorizer(authorizer).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--sse-*: " + e.getMessage());
        }
    }

    /** The polling options these set, with {@code authorizer} deciding private topics. */
    PollingOptions polling(SubscribeAuthorizer authorizer) {
        try {
            return PollingOptions.builder().maxWait(pollMaxWait).maxEvents(pollMaxEvents).maxWaiting(pollMaxWaiting)
                    .maxWaitingPerAddress(pollMaxWaitingPerAddress).authorizer(authorizer).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--poll-*: " + e.getMessage());
        }
    }
}
