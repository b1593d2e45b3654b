package dev.parley.push.polling;

import dev.parley.push.PushException;
import dev.parley.push.Replay;
import dev.parley.push.TopicName;
import dev.parley.push.Topics;
import dev.parley.push.internal.JsonErrors;
import dev.parley.push.polling.internal.LongPoll;
import dev.parley.push.polling.internal.PollAnswer;
import dev.parley.push.subscriber.internal.SubscriberAuth;
import dev.parley.push.subscriber.internal.SubscriberQuota;
import dev.parley.server.HttpExchange;
import dev.parley.server.HttpHeadCheck;
import dev.parley.server.HttpRequest;
import dev.parley.server.HttpResponse;
import dev.parley.server.ParleyServer;
import dev.parley.server.StreamingOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polling subscribers: {@code GET <prefix>/<topic>/events?after=<id>} answers the retained events after that id
 * at once (short polling); with {@code &wait=25s} it waits for the first one instead, up to the wait (long
 * polling: answered as soon as an event exists after {@code after}, or with an empty list when the wait ends).
 * The answer is {@code {"events":[{"id":..,"topic":"..","data":..}],"lastId":..,"gap":..}}: ask after
 * {@code lastId} next; {@code gap} says the history no longer reaches back to {@code after} (reload). Without
 * {@code after} the poll starts now: nothing retained, and {@code lastId} is where to continue from.
 * See docs/push.md, "Polling".
 *
 * <p>Bad requests get a JSON {@code {"error","message"}}: 400 (invalid topic, {@code after} or {@code wait}),
 * 401/403 (the {@link PollingOptions#authorizer()} refused the topic), 404 (not a topic's events), 405 (not
 * GET), 429/503 (too many waiting polls from the address / in total).
 *
 * <p>Lifecycle: {@link #mount} before the server starts; {@link #close()} stops the wait timer. No thread waits
 * with a poll. Thread-safe.
 */
public final class PollingSubscribers implements AutoCloseable {
    private static final String EVENTS = "/events";
    /** {@code 25s}, {@code 2500ms}, or bare seconds; at most 9 digits (over any cap, and no overflow). */
    private static final Pattern WAIT = Pattern.compile("([0-9]{1,9})(s|ms)?");

    private final Topics topics;
    private final PollingOptions options;
    private final SubscriberQuota quota;
    private final ScheduledThreadPoolExecutor timer;
    private final LongAdder expired = new LongAdder();

    private PollingSubscribers(Topics topics, PollingOptions options) {
        this.topics = topics;
        this.options = options;
        this.quota = new SubscriberQuota(options.maxWaiting(), options.maxWaitingPerAddress(), "too_many_waiting",
                "polls waiting");
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "parley-poll-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // an answered poll's wait leaves the queue at once
    }

    /** Mounts polling at {@link PollingOptions#prefix()} of {@code server} (before it starts). */
    public static PollingSubscribers mount(ParleyServer server, Topics topics, PollingOptions options) {
        PollingSubscribers subscribers = new PollingSubscribers(topics, options);
        server.addStreamingRoute(options.prefix(), StreamingOptions.builder().errors(JsonErrors.SERVER).build(),
                HttpHeadCheck.ACCEPT_ALL, subscribers::serve);
        return subscribers;
    }

    /** Long polls waiting now. */
    public int waiting() {
        return quota.total();
    }

    /** Long polls answered at the end of their wait (no event came first), since the mount. */
    public long expiredPolls() {
        return expired.sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void serve(HttpRequest request, HttpExchange exchange) {
        Poll poll;
        try {
            poll = parse(request);
        } catch (Refusal refusal) {
            exchange.respond(refusal.response);
            return;
        }
        Optional<HttpResponse> denied = SubscriberAuth.refusal(options.authorizer(), List.of(poll.topic),
                SubscriberAuth.token(request));
        if (denied.isPresent()) {
            exchange.respond(denied.get());
            return;
        }
        Replay replay = topics.replay(poll.topic, poll.after, options.maxEvents());
        if (!replay.events().isEmpty() || replay.gap() || poll.waitTime.isZero()) {
            long lastId = replay.gap() && replay.events().isEmpty() ? topics.lastId() : replay.lastId();
            exchange.respond(PollAnswer.of(replay.events(), lastId, replay.gap()));
            return;
        }
        waitFor(request, exchange, poll);
    }

    /** Nothing yet: waits for the first event after {@code after}, or the end of the wait. */
    private void waitFor(HttpRequest request, HttpExchange exchange, Poll poll) {
        SubscriberQuota.Slot slot = quota.acquire(request.remoteAddress().getAddress());
        if (slot == null) {
            exchange.respond(quota.refusal());
            return;
        }
        LongPoll waiting = new LongPoll(exchange, poll.after, options.maxEvents(), topics::lastId);
        exchange.onClose(() -> {
            waiting.release();
            slot.release();
        });
        try {
            Future<?> end = timer.schedule(() -> {
                if (waiting.timeout()) {
                    expired.increment();
                }
            }, poll.waitTime.toMillis(), TimeUnit.MILLISECONDS);
            waiting.subscribed(topics.subscribe(poll.topic, poll.after, waiting), end);
        } catch (PushException e) {
            exchange.respond(JsonErrors.error(503, e.reason(), e.getMessage()));
        }
    }

    private record Poll(String topic, long after, Duration waitTime) {
    }

    /** The request's topic, cursor and wait, or the refusal that says what is wrong. */
    private Poll parse(HttpRequest request) throws Refusal {
        String path = request.path();
        String start = options.prefix() + "/";
        if (!path.startsWith(start) || !path.endsWith(EVENTS) || path.length() <= start.length() + EVENTS.length()) {
            throw new Refusal(JsonErrors.error(404, "not_found", "poll " + options.prefix() + "/<topic>/events"));
        }
        if (!request.method().equals("GET")) {
            throw new Refusal(JsonErrors.error(405, "method_not_allowed", "use GET").withHeader("Allow", "GET"));
        }
        String topic = path.substring(start.length(), path.length() - EVENTS.length());
        if (!TopicName.isValid(topic)) {
            throw new Refusal(JsonErrors.error(400, "invalid_topic", "a topic is 1 to " + TopicName.MAX_LENGTH
                    + " letters, digits or _ . : @ / -, starting with a letter or digit"));
        }
        return new Poll(topic, after(request), waitOf(request));
    }

    /** {@code after}, or the newest id issued (a first poll starts now). */
    private long after(HttpRequest request) throws Refusal {
        Optional<String> after = request.queryParam("after");
        if (after.isEmpty()) {
            return topics.lastId();
        }
        String id = after.get();
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refusal(JsonErrors.error(400, "invalid_after", "after must be an event id: a number from 0"));
        }
        return Long.parseLong(id);
    }

    /** {@code wait}, cut to the maximum; zero (a short poll) when absent. */
    private Duration waitOf(HttpRequest request) throws Refusal {
        Optional<String> wait = request.queryParam("wait");
        if (wait.isEmpty()) {
            return Duration.ZERO;
        }
        Matcher m = WAIT.matcher(wait.get());
        if (!m.matches()) {
            throw new Refusal(JsonErrors.error(400, "invalid_wait",
                    "wait is a duration: 25s, 2500ms, or seconds (25); at most " + options.maxWait().toSeconds() + " s"));
        }
        long amount = Long.parseLong(m.group(1));
        Duration asked = "ms".equals(m.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        return asked.compareTo(options.maxWait()) > 0 ? options.maxWait() : asked;
    }

    /** A request refused before any work. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponse response;

        Refusal(HttpResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
