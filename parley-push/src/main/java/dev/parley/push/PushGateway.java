package dev.parley.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.push.internal.FailureThrottle;
import dev.parley.push.internal.IdempotentPublisher;
import dev.parley.push.internal.PublishApi;
import dev.parley.push.internal.PublishAuth;
import dev.parley.push.internal.PublishRequestParser;
import dev.parley.push.internal.PushJwt;
import dev.parley.push.internal.RecentPublications;
import dev.parley.server.ParleyServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The push gateway an application holds (docs/push.md): one {@link Topics} hub, the
 * {@link SubscribeAuthorizer} every transport asks, and the HTTP publish endpoint.
 *
 * <pre>{@code
 * PushGateway push = PushGateway.create(PushOptions.builder().publishToken(token).build());
 * push.mountPublishApi(server);                        // POST /api/publish, before server.start()
 * // any handler of the same process publishes to the same hub:
 * io.onConnection(socket -> socket.on("price", args -> push.publishValue("prices", args.get(0))));
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the hub's history sweeper.
 */
public final class PushGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushOptions options;
    private final Topics topics;
    private final JwtSubscribeAuthorizer authorizer;
    private final PublishApi publishApi;
    private final PushJwt jwt;

    private PushGateway(PushOptions options, Topics topics, Clock clock, LongSupplier nanoClock) {
        this.options = Objects.requireNonNull(options, "options");
        this.topics = topics;
        this.authorizer = new JwtSubscribeAuthorizer(options, clock);
        this.jwt = options.jwtSecret() == null ? null : new PushJwt(options.jwtSecret(), clock);
        FailureThrottle throttle = new FailureThrottle(options.authFailureLimit(), options.authFailureWindow(),
                options.authThrottleAddresses(), nanoClock);
        this.publishApi = new PublishApi(new PublishAuth(options.publishToken(), jwt, throttle),
                new PublishRequestParser(options.maxBatch()),
                new IdempotentPublisher(topics, new RecentPublications(options.idempotencyWindow(),
                        options.maxIdempotencyKeys(), nanoClock)),
                options.authFailureWindow().toSeconds());
    }

    /** A gateway with a new hub of {@code options.hub()}. */
    public static PushGateway create(PushOptions options) {
        return new PushGateway(options, Topics.create(options.hub()), Clock.systemUTC(), System::nanoTime);
    }

    /**
     * A gateway over an existing hub, e.g. one server of a cluster ({@code Topics.create(config, bus)}); the
     * hub's own config is what counts, {@code options.hub()} is not used. Closing the gateway closes the hub.
     */
    public static PushGateway create(PushOptions options, Topics topics) {
        return new PushGateway(options, Objects.requireNonNull(topics, "topics"), Clock.systemUTC(), System::nanoTime);
    }

    /** For tests: given clocks (wall time for JWT expiry, nanoseconds for throttle and idempotency windows). */
    static PushGateway createForTest(PushOptions options, Clock clock, LongSupplier nanoClock) {
        return new PushGateway(options, Topics.createForTest(options.hub(), clock), clock, nanoClock);
    }

    public PushOptions options() {
        return options;
    }

    /** The hub: what transports subscribe to and what every publisher of this process publishes to. */
    public Topics topics() {
        return topics;
    }

    /** What every transport asks before subscribing: private topics need a JWT that allows them. */
    public SubscribeAuthorizer subscribeAuthorizer() {
        return authorizer;
    }

    /** Publishes JSON text from Java (any thread, e.g. a Socket.IO handler); see {@link Topics#publish}. */
    public TopicEvent publish(String topic, String jsonData) {
        return topics.publish(topic, jsonData);
    }

    /**
     * Publishes a value as JSON (a Socket.IO event's argument: maps, lists, strings, numbers, booleans, null;
     * or any object Jackson serializes). Refused like {@link Topics#publish}, with a {@link PushException}.
     */
    public TopicEvent publishValue(String topic, Object value) {
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PushException("invalid_data", "the value cannot be written as JSON: " + e.getOriginalMessage());
        }
        return topics.publish(topic, json);
    }

    /**
     * A JWT of the gateway's secret (docs/push.md, "JWTs"): what a backend hands a browser so that it may
     * subscribe to its private topics ({@code issueJwt(List.of(), List.of("user:42"), Duration.ofHours(1))}),
     * or a publisher so that it may publish to some topics. Patterns as in {@link TopicPattern}.
     *
     * @param ttl how long the token is valid; null for a token that never expires
     * @throws IllegalStateException without {@code --publish-jwt-secret}
     */
    public String issueJwt(List<String> publish, List<String> subscribe, Duration ttl) {
        if (jwt == null) {
            throw new IllegalStateException("issuing JWTs needs a JWT secret (--publish-jwt-secret)");
        }
        return jwt.issue(publish, subscribe, ttl);
    }

    /**
     * Mounts {@code POST /api/publish} (docs/push.md, "Publishing") on {@code server}, before it starts. With
     * neither a publish token nor a JWT secret the endpoint answers 404 {@code publishing_disabled}.
     */
    public ParleyServer mountPublishApi(ParleyServer server) {
        long maxBody = Math.max(options.maxRequestBytes(),
                (long) topics.config().maxDataBytes() + PushOptions.REQUEST_OVERHEAD_BYTES);
        return server.addHttpRoute(PublishApi.PATH, maxBody, publishApi::check,
                publishApi::handle, publishApi::serverError);
    }

    @Override
    public void close() {
        topics.close();
    }
}
