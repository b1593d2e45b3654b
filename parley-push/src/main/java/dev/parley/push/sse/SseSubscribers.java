package dev.parley.push.sse;

import dev.parley.push.PushException;
import dev.parley.push.TopicName;
import dev.parley.push.Topics;
import dev.parley.push.internal.JsonErrors;
import dev.parley.push.sse.internal.SseEncoding;
import dev.parley.push.sse.internal.SseStream;
import dev.parley.push.subscriber.internal.SubscriberAuth;
import dev.parley.push.subscriber.internal.SubscriberQuota;
import dev.parley.server.HttpExchange;
import dev.parley.server.HttpHeadCheck;
import dev.parley.server.HttpRequest;
import dev.parley.server.HttpResponse;
import dev.parley.server.HttpStream;
import dev.parley.server.ParleyServer;
import dev.parley.server.StreamingOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events subscribers: {@code GET /sse?topic=a&topic=b} streams the events of those topics as
 * {@code text/event-stream}, one {@code message} event each ({@code id:} the event id, {@code data:}
 * {@code {"id":..,"topic":"..","data":..}}), with {@code retry:} at the start, a comment every
 * {@link SseOptions#heartbeat()}, and {@code event: gap} when the history no longer reaches back to where the
 * client resumes. Resuming: the {@code Last-Event-ID} header (the browser's {@code EventSource} sends it when it
 * reconnects), or {@code ?lastEventId=} on a first connection ({@code 0}: everything retained); without either,
 * live events only. See docs/push.md, "Server-Sent Events".
 *
 * <p>Bad requests get a JSON {@code {"error","message"}}: 400 (no topic, an invalid one, too many, a bad id),
 * 401/403 (the {@link SseOptions#authorizer()} refused a topic), 405 (not GET), 429 (too many streams from the
 * address), 503 (too many streams in total).
 *
 * <p>Lifecycle: {@link #mount} before the server starts; {@link #close()} stops the heartbeat timer (the
 * server's stop ends the streams themselves, cleanly, so that browsers reconnect elsewhere). Thread-safe.
 */
public final class SseSubscribers implements AutoCloseable {
    private static final Map<String, String> STREAM_HEADERS = Map.of(
            "Content-Type", "text/event-stream",
            "Cache-Control", "no-store",
            // nginx passes a proxied response on as it comes only when told so.
            "X-Accel-Buffering", "no");

    private final Topics topics;
    private final SseOptions options;
    private final SubscriberQuota quota;
    private final Set<HttpStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats;

    private SseSubscribers(Topics topics, SseOptions options) {
        this.topics = topics;
        this.options = options;
        this.quota = new SubscriberQuota(options.maxStreams(), options.maxStreamsPerAddress(), "too_many_streams",
                "open streams");
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "parley-sse-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = options.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Mounts the streams at {@link SseOptions#path()} of {@code server} (before it starts). */
    public static SseSubscribers mount(ParleyServer server, Topics topics, SseOptions options) {
        SseSubscribers subscribers = new SseSubscribers(topics, options);
        server.addStreamingRoute(options.path(), StreamingOptions.builder().maxBufferedBytes(options.maxBufferedBytes())
                .errors(JsonErrors.SERVER).build(), HttpHeadCheck.ACCEPT_ALL, subscribers::serve);
        return subscribers;
    }

    /** Streams open now. */
    public int openStreams() {
        return open.size();
    }

    /**
     * Ends every open stream cleanly (the last chunk): browsers reconnect after their {@code retry} delay and
     * resume from their last event id. For operations (moving clients elsewhere) and tests.
     */
    public void closeStreams() {
        for (HttpStream stream : open) {
            stream.close();
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }

    private void serve(HttpRequest request, HttpExchange exchange) {
        Optional<HttpResponse> refusal = refusal(request);
        if (refusal.isPresent()) {
            exchange.respond(refusal.get());
            return;
        }
        List<String> names = topicsOf(request);
        long afterId = afterId(request);
        SubscriberQuota.Slot slot = quota.acquire(request.remoteAddress().getAddress());
        if (slot == null) {
            exchange.respond(quota.refusal());
            return;
        }
        SseStream subscriber = new SseStream();
        try {
            for (String topic : names) {
                subscriber.add(topics.subscribe(topic, afterId, subscriber));
            }
        } catch (PushException e) {
            subscriber.close();
            slot.release();
            exchange.respond(JsonErrors.error(503, e.reason(), e.getMessage()));
            return;
        }
        HttpStream stream = exchange.open(200, STREAM_HEADERS);
        subscriber.start(stream, options.retry().toMillis(), afterId, options.maxReplayBytes());
        // Only now may the heartbeat see the stream: its first bytes are the hello with retry:, not a comment.
        // A stream that ended meanwhile runs the callback at once, so nothing stays in the set.
        open.add(stream);
        stream.onClose(() -> {
            open.remove(stream);
            subscriber.close();
            slot.release();
        });
    }

    /** Everything wrong with the request, checked before any work; empty when it may be served. */
    private Optional<HttpResponse> refusal(HttpRequest request) {
        if (!request.path().equals(options.path())) {
            return Optional.of(JsonErrors.error(404, "not_found", "streams are at " + options.path()));
        }
        if (!request.method().equals("GET")) {
            return Optional.of(JsonErrors.error(405, "method_not_allowed", "use GET").withHeader("Allow", "GET"));
        }
        List<String> requested = request.query().getOrDefault("topic", List.of());
        if (requested.isEmpty()) {
            return Optional.of(JsonErrors.error(400, "missing_topic", "name one or more topics: ?topic=a&topic=b"));
        }
        if (requested.size() > options.maxTopics()) {
            return Optional.of(JsonErrors.error(400, "too_many_topics", "at most " + options.maxTopics()
                    + " topics per stream"));
        }
        for (String topic : requested) {
            if (!TopicName.isValid(topic)) {
                return Optional.of(JsonErrors.error(400, "invalid_topic", "invalid topic name: a topic is 1 to "
                        + TopicName.MAX_LENGTH + " letters, digits or _ . : @ / -, starting with a letter or digit"));
            }
        }
        if (afterId(request) == INVALID_ID) {
            return Optional.of(JsonErrors.error(400, "invalid_last_event_id",
                    "Last-Event-ID (or lastEventId) must be an event id: a number from 0"));
        }
        return SubscriberAuth.refusal(options.authorizer(), topicsOf(request), SubscriberAuth.token(request));
    }

    private static List<String> topicsOf(HttpRequest request) {
        return new ArrayList<>(new LinkedHashSet<>(request.query().get("topic")));
    }

    private static final long INVALID_ID = Long.MIN_VALUE;

    /**
     * Where the stream resumes: the {@code Last-Event-ID} header (a reconnecting EventSource), else the
     * {@code lastEventId} parameter (a first connection), else -1 (live only); {@link #INVALID_ID} if malformed.
     */
    private static long afterId(HttpRequest request) {
        String id = request.header("Last-Event-ID").filter(v -> !v.isEmpty())
                .or(() -> request.queryParam("lastEventId")).orElse(null);
        if (id == null) {
            return -1;
        }
        if (id.isEmpty() || id.length() > 19 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return INVALID_ID;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return INVALID_ID; // over Long.MAX_VALUE
        }
    }

    private void heartbeat() {
        for (HttpStream stream : open) {
            stream.write(SseEncoding.HEARTBEAT);
        }
    }
}
