package dev.parley.push.redis;

import dev.parley.push.Publication;
import dev.parley.push.PushConfig;
import dev.parley.push.PushException;
import dev.parley.push.TopicBus;
import dev.parley.push.TopicEvent;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push hub on several servers, over one Redis ({@code redis://}, {@code rediss://}, Sentinel: whatever
 * Lettuce's {@code RedisClient} reads; not a Redis Cluster). Every server of a cluster connects with the same
 * key prefix:
 * <pre>{@code
 * Topics topics = Topics.create(config, RedisTopicBus.connect("redis://127.0.0.1:6379", "parley:push", config));
 * }</pre>
 *
 * <p>How: a publication runs one Lua script ({@link PublishScript}) that numbers its events from a counter and
 * Redis's {@code TIME} and appends them to one stream, the log. Every server reads the log in order
 * ({@link LogReader}) into its hub, its own events included: so every server holds the same events under the
 * same ids, in the same order, and a subscriber can resume on any of them. A server that starts reads the log
 * back first (at most {@code logSize} events, none older than {@code logAge}), so it holds the recent history
 * too; a server whose connection drops goes on after the last entry it read when it is back.
 *
 * <p>Failures: a publication while Redis cannot be reached fails at once with a {@link PushException} of
 * reason {@value #UNAVAILABLE} (HTTP 503); it is never queued nor retried, so it is never logged twice. A
 * publication returns once this server's reader has read it (at most {@code commandTimeout} later), so a
 * publisher that polls the server it published to sees its event. Events a server could not read (its log was
 * trimmed past them while it was away, or Redis lost its data) are reported to subscribers that resume before
 * them as a gap ({@link #completeAfter}); live subscribers are not told (logged, counted in {@link #misses}).
 *
 * <p>Thread-safe. Two connections: one for publications (shared, pipelined), one blocking reader.
 */
public final class RedisTopicBus implements TopicBus {
    /** The reason of the {@link PushException} of a publication Redis did not take. */
    public static final String UNAVAILABLE = "bus_unavailable";
    static final String PUBLISHER_ROLE = "publisher";
    private static final long RECONNECT_PAUSE_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(RedisTopicBus.class);

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisTopicBusOptions options;
    private final String shownUri;
    private final String password;
    private final byte[][] keys;
    private final String scriptDigest;
    private final DeliveredIds delivered = new DeliveredIds();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile StatefulRedisConnection<byte[], byte[]> publisher;
    private long lastFailedConnectNanos = System.nanoTime() - RECONNECT_PAUSE_MILLIS * 1_000_000; // guarded by this
    private volatile LogReader reader;

    private RedisTopicBus(ClientResources resources, RedisClient client, RedisTopicBusOptions options, String shownUri,
            String password) {
        this.resources = resources;
        this.client = client;
        this.options = options;
        this.shownUri = shownUri;
        this.password = password;
        this.keys = PublishScript.keys(options);
        this.scriptDigest = publisher().sync().digest(PublishScript.LUA);
    }

    /**
     * Connects with the defaults and the hub's history age and data bound, under {@code keyPrefix}.
     *
     * @throws PushException of reason {@value #UNAVAILABLE} if Redis cannot be reached now (the message names
     *     the URI without its password)
     */
    public static RedisTopicBus connect(String redisUri, String keyPrefix, PushConfig hub) {
        return connect(redisUri, RedisTopicBusOptions.of(hub).withKeyPrefix(keyPrefix));
    }

    /** As {@link #connect(String, String, PushConfig)}, with every option given. */
    public static RedisTopicBus connect(String redisUri, RedisTopicBusOptions options) {
        Objects.requireNonNull(options, "options");
        String password = password(redisUri);
        String shown = redact(redisUri);
        if (redisUri.substring(redisUri.lastIndexOf('@') + 1).contains(",")) {
            // The log and its counter live on one server; a Redis Cluster would need its own client (not yet).
            throw new IllegalArgumentException("the push bus runs on one Redis server (or Sentinel), not on a Redis "
                    + "Cluster: " + shown);
        }
        RedisURI uri = RedisURI.create(redisUri);
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
                .computationThreadPoolSize(2).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                // No reconnection inside Lettuce: it would send again a script that may have run (a publication
                // logged twice). The bus opens a new connection itself when one is found closed.
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(options.commandTimeout()).build())
                .build());
        try {
            return new RedisTopicBus(resources, client, options, shown, password);
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new PushException(UNAVAILABLE, "cannot connect to Redis at " + shown + ": " + scrub(password,
                    rootMessage(e)));
        }
    }

    /** Reads the log back into {@code sink} (on this thread), then reads on, on the reader's thread. */
    @Override
    public void start(Consumer<TopicEvent> sink) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a bus serves one hub, started once");
        }
        LogReader logReader = new LogReader(client, options, sink, delivered);
        try {
            logReader.readBack();
        } catch (RuntimeException e) {
            logReader.close();
            throw new PushException(UNAVAILABLE, "cannot read the push log from Redis at " + shownUri + ": "
                    + scrub(password, rootMessage(e)));
        }
        reader = logReader;
        logReader.start();
    }

    @Override
    public List<TopicEvent> publish(List<Publication> publications) {
        if (publications.isEmpty()) {
            return List.of();
        }
        if (closed.get()) {
            throw new PushException(UNAVAILABLE, "the push bus is closed");
        }
        if (reader == null) {
            throw new IllegalStateException("start the bus (Topics.create does) before publishing");
        }
        List<Object> answer = run(PublishScript.args(options, publications));
        List<TopicEvent> events = PublishScript.events(publications, answer);
        awaitOwnDelivery(events.get(events.size() - 1).id());
        return events;
    }

    @Override
    public long completeAfter() {
        LogReader r = reader;
        return r == null ? -1 : r.completeAfter();
    }

    /**
     * A PING on the publishing connection, for a readiness check: blocks up to {@code commandTimeout}.
     *
     * @throws PushException of reason {@value #UNAVAILABLE} when Redis does not answer
     */
    public void ping() {
        StatefulRedisConnection<byte[], byte[]> c;
        try {
            c = publisher();
        } catch (RuntimeException e) {
            throw unavailable("cannot connect to Redis at " + shownUri, e);
        }
        try {
            c.sync().ping();
        } catch (RedisException e) {
            discard(c);
            throw unavailable("Redis at " + shownUri + " did not answer a PING", e);
        }
    }

    /** Log entries dropped because they were not events (oversize data, a bad field): each one is logged. */
    public long decodeFailures() {
        LogReader r = reader;
        return r == null ? 0 : r.decodeFailures();
    }

    /** How many times this server found it had missed events of the log (each logged). */
    public long misses() {
        LogReader r = reader;
        return r == null ? 0 : r.misses();
    }

    public RedisTopicBusOptions options() {
        return options;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LogReader r = reader;
            if (r != null) {
                r.close();
            }
            StatefulRedisConnection<byte[], byte[]> c = publisher;
            if (c != null && c.isOpen()) {
                c.close();
            }
            client.shutdown(0, 2, TimeUnit.SECONDS);
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private List<Object> run(byte[][] args) {
        StatefulRedisConnection<byte[], byte[]> c;
        try {
            c = publisher();
        } catch (RuntimeException e) {
            throw unavailable("cannot connect to Redis at " + shownUri, e);
        }
        RedisCommands<byte[], byte[]> commands = c.sync();
        try {
            try {
                return commands.evalsha(scriptDigest, ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                // Redis restarted and forgot its scripts: it did not run, so sending it whole is safe.
                return commands.eval(PublishScript.LUA, ScriptOutputType.MULTI, keys, args);
            }
        } catch (RedisException e) {
            discard(c);
            // Whether a script whose answer was lost ran is unknown: the publisher decides whether to retry.
            throw unavailable("Redis at " + shownUri + " did not take the publication", e);
        }
    }

    private void awaitOwnDelivery(long id) {
        try {
            if (!delivered.await(id, options.commandTimeout().toNanos())) {
                LOG.debug("Push bus: event {} was published but not read back here within {} ms", id,
                        options.commandTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The publishing connection, opened again when it was found closed. After a failed attempt, publications fail
     * at once for {@value #RECONNECT_PAUSE_MILLIS} ms: while Redis is away (a host that drops packets makes each
     * attempt last the connect timeout), publishers do not queue up behind the lock one attempt each.
     */
    private synchronized StatefulRedisConnection<byte[], byte[]> publisher() {
        StatefulRedisConnection<byte[], byte[]> c = publisher;
        if (c == null || !c.isOpen()) {
            if (System.nanoTime() - lastFailedConnectNanos < RECONNECT_PAUSE_MILLIS * 1_000_000) {
                throw new RedisException("Redis was unreachable less than " + RECONNECT_PAUSE_MILLIS + " ms ago");
            }
            try {
                c = client.connect(ByteArrayCodec.INSTANCE);
                c.setTimeout(options.commandTimeout());
                c.sync().clientSetname(options.clientName(PUBLISHER_ROLE).getBytes(StandardCharsets.US_ASCII));
            } catch (RuntimeException e) {
                lastFailedConnectNanos = System.nanoTime();
                if (c != null) {
                    c.closeAsync();
                }
                throw e;
            }
            publisher = c;
        }
        return c;
    }

    private synchronized void discard(StatefulRedisConnection<byte[], byte[]> c) {
        if (publisher == c) {
            publisher = null;
        }
        if (c.isOpen()) {
            c.closeAsync();
        }
    }

    private PushException unavailable(String what, RuntimeException cause) {
        PushException e = new PushException(UNAVAILABLE, what + ": " + scrub(password, rootMessage(cause)));
        e.initCause(cause);
        return e;
    }

    /** The password in a URI's user info ({@code user:password@} or {@code password@}, as Lettuce reads it), or "". */
    static String password(String uri) {
        int[] span = passwordSpan(uri);
        return span == null ? "" : uri.substring(span[0], span[1]);
    }

    /** {@code redis://user:secret@host} as {@code redis://user:***@host}: for messages and logs. */
    static String redact(String uri) {
        int[] span = passwordSpan(uri);
        return span == null || span[0] == span[1] ? uri : uri.substring(0, span[0]) + "***" + uri.substring(span[1]);
    }

    /** Where the password of the URI's user info starts and ends, or null when it has no user info. */
    private static int[] passwordSpan(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start) {
            return null;
        }
        int colon = uri.indexOf(':', start);
        return new int[] {colon >= 0 && colon < at ? colon + 1 : start, at};
    }

    private static String scrub(String password, String text) {
        return password.isEmpty() || text == null ? text : text.replace(password, "***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
