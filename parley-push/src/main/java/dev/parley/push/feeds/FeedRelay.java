package dev.parley.push.feeds;

import dev.parley.push.PushException;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.push.internal.JsonErrors;
import dev.parley.server.CheckResult;
import dev.parley.server.HttpHandler;
import dev.parley.server.HttpResponse;
import dev.parley.server.ParleyServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays upstream HTTP(S) JSON APIs into topics: each feed is polled (conditional GET, bounded in time and
 * bytes, see {@link FeedRelayConfig}) and a content that changed is published to {@code feed:<name>}; a 304 or
 * the same bytes publish nothing. A failing feed retries with {@link Backoff} and shows in {@link #status()},
 * {@code GET /api/feeds} ({@link #mountOn}) and the {@code feeds} health check ({@link #healthCheck()}: degraded,
 * never down: a failing upstream must not take this server out of its load balancer); it logs one line when it
 * starts failing, changes how it fails, or recovers. Nothing of a feed's failure reaches another feed or the
 * server.
 *
 * <p>Lifecycle: {@link #create}, {@link #start} once, {@link #stop} (idempotent; {@link #close} too). All feeds
 * share one scheduler thread ({@code parley-feeds}) and the JDK's {@link HttpClient}: never a Netty event loop,
 * never a thread per feed. Thread-safe.
 */
public final class FeedRelay implements AutoCloseable {
    /** Where {@link #mountOn} serves the status. */
    public static final String STATUS_PATH = "/api/feeds";
    /** The name of the health check ({@link #healthCheck}). */
    public static final String HEALTH_CHECK = "feeds";

    private static final Logger LOG = LoggerFactory.getLogger(FeedRelay.class);

    private final List<RelayedFeed> feeds = new ArrayList<>();
    private final FeedScheduler scheduler;
    private final Backoff backoff;
    private Topics topics;
    private boolean started;
    private volatile boolean stopped;

    /** One feed and what the relay holds of it: changed on the scheduler thread; {@link #stop} reads it. */
    private static final class RelayedFeed {
        final FeedSpec spec;
        final FeedPoller poller;
        final FeedState state;
        volatile FeedScheduler.Cancellable next = FeedScheduler.Cancellable.NONE;
        volatile FeedPoller.Poll inFlight;

        RelayedFeed(FeedSpec spec, FeedPoller poller) {
            this.spec = spec;
            this.poller = poller;
            this.state = new FeedState(spec);
        }
    }

    FeedRelay(List<FeedSpec> specs, FeedRelayConfig config, HttpClient client, FeedScheduler scheduler,
            Backoff backoff) {
        Set<String> names = new HashSet<>();
        for (FeedSpec spec : specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two feeds are named " + spec.name());
            }
            feeds.add(new RelayedFeed(spec, new FeedPoller(spec, client, config, scheduler)));
        }
        this.scheduler = scheduler;
        this.backoff = backoff;
    }

    /** A relay of {@code specs} (names unique), not started. */
    public static FeedRelay create(List<FeedSpec> specs, FeedRelayConfig config) {
        // No feed, no client: the JDK's starts a selector thread as soon as it is built.
        return new FeedRelay(specs, config, specs.isEmpty() ? null : httpClient(config), new SystemFeedScheduler(),
                new Backoff(config.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble()));
    }

    /** The JDK client every feed shares: no redirects followed (see {@link FeedPoller}), connecting within the timeout. */
    static HttpClient httpClient(FeedRelayConfig config) {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout()).build();
    }

    /** Starts polling every feed now, publishing to {@code topics}. Once only. */
    public synchronized FeedRelay start(Topics topics) {
        if (started || stopped) {
            throw new IllegalStateException(stopped ? "the feed relay is stopped" : "the feed relay is started");
        }
        started = true;
        this.topics = topics;
        for (RelayedFeed feed : feeds) {
            LOG.info("feed {}: polling {} every {} ms into topic {}", feed.spec.name(), feed.spec.displayUrl(),
                    feed.spec.every().toMillis(), feed.spec.topic());
            scheduleNext(feed, Duration.ZERO);
        }
        return this;
    }

    /** Stops polling: polls under way are abandoned; the status stays readable. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        scheduler.close(); // no task runs after this one ends
        for (RelayedFeed feed : feeds) {
            feed.next.cancel();
            FeedPoller.Poll poll = feed.inFlight;
            if (poll != null) {
                poll.cancel(); // closes its connection; its outcome is dropped (stopped)
            }
            feed.state.nextAttemptAt(-1);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every feed, in the order configured. */
    public List<FeedStatus> status() {
        return feeds.stream().map(feed -> feed.state.status()).collect(Collectors.toList());
    }

    /** {@link #status()} as the JSON of {@code GET /api/feeds}. */
    public String statusJson() {
        return FeedStatusJson.write(status());
    }

    /** The check {@link #HEALTH_CHECK}: up, or degraded naming the failing feeds; never down. */
    public CheckResult healthCheck() {
        List<FeedStatus> failing = status().stream().filter(FeedStatus::failing).collect(Collectors.toList());
        if (failing.isEmpty()) {
            return CheckResult.ok();
        }
        return CheckResult.degraded(failing.size() + " of " + feeds.size() + " feeds failing: " + failing.stream()
                .map(f -> f.name() + " (" + f.lastError().kind() + ", " + f.consecutiveFailures() + " in a row)")
                .collect(Collectors.joining(", ")));
    }

    /** {@code GET /api/feeds}: 200 with {@link #statusJson()}; other methods 405, other paths below it 404. */
    public HttpHandler statusHandler() {
        return request -> {
            if (!request.path().equals(STATUS_PATH)) {
                return JsonErrors.error(404, "not_found", "the feeds' status is at GET " + STATUS_PATH);
            }
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return JsonErrors.error(405, "method_not_allowed", "use GET").withHeader("Allow", "GET, HEAD");
            }
            return HttpResponse.json(200, statusJson()).withHeader("Cache-Control", "no-store");
        };
    }

    /** Mounts {@link #STATUS_PATH} on {@code server} (before it starts); the route takes no request body. */
    public FeedRelay mountOn(ParleyServer server) {
        server.addHttpRoute(STATUS_PATH, 0, statusHandler());
        return this;
    }

    private void scheduleNext(RelayedFeed feed, Duration delay) {
        if (stopped) {
            return;
        }
        feed.state.nextAttemptAt(scheduler.nowMillis() + delay.toMillis());
        feed.next = scheduler.schedule(() -> poll(feed), delay);
    }

    /** On the scheduler thread. */
    private void poll(RelayedFeed feed) {
        if (stopped) {
            return;
        }
        feed.state.nextAttemptAt(-1);
        FeedPoller.Poll poll = feed.poller.poll();
        feed.inFlight = poll;
        poll.outcome().whenComplete((fetch, error) -> scheduler.execute(() -> finished(feed, fetch, error)));
    }

    /** On the scheduler thread: publish a change, note the outcome, plan the next poll. */
    private void finished(RelayedFeed feed, Fetch fetch, Throwable error) {
        feed.inFlight = null;
        if (stopped) {
            return;
        }
        long now = scheduler.nowMillis();
        try {
            if (error != null) {
                throw error instanceof FeedFailure f ? f : new FeedFailure(FeedError.UNREACHABLE, error.toString());
            }
            long eventId = publishIfChanged(feed, fetch);
            if (feed.state.succeeded(now, eventId)) {
                logRecovery(feed);
            }
            scheduleNext(feed, feed.spec.every());
        } catch (FeedFailure failure) {
            boolean newState = feed.state.failed(now, failure);
            Duration pause = backoff.after(feed.state.consecutiveFailures(), feed.spec.every());
            if (newState) {
                LOG.warn("feed {}: failing ({}: {}); retrying with backoff, next poll in {} ms", feed.spec.name(),
                        failure.kind().wireName(), failure.getMessage(), pause.toMillis());
            }
            scheduleNext(feed, pause);
        }
    }

    /** The id of the event published, or -1 when the content did not change. */
    private long publishIfChanged(RelayedFeed feed, Fetch fetch) throws FeedFailure {
        if (!(fetch instanceof Fetch.Content content) || feed.poller.sameAsAccepted(content)) {
            if (fetch instanceof Fetch.Content same) {
                feed.poller.accept(same); // the same bytes, perhaps with new validators
            }
            return -1;
        }
        try {
            TopicEvent event = topics.publish(feed.spec.topic(), content.json());
            feed.poller.accept(content);
            return event.id();
        } catch (PushException e) {
            throw new FeedFailure(FeedError.PUBLISH_REFUSED, "the topic refused the content: " + e.reason());
        }
    }

    private void logRecovery(RelayedFeed feed) {
        FeedStatus status = feed.state.status();
        if (status.lastError() == null) {
            LOG.info("feed {}: up", feed.spec.name());
        } else {
            LOG.info("feed {}: recovered (it failed with {})", feed.spec.name(), status.lastError().kind());
        }
    }
}
