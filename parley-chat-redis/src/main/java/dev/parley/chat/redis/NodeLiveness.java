package dev.parley.chat.redis;

import dev.parley.chat.cluster.Departure;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's liveness key, and the reaping of nodes that lost theirs. Every {@code ttl / 5} the node sets
 * {@code P:alive:<node>} with a time to live of {@code ttl} and looks for listed nodes whose key has expired
 * (they died, or stopped: a node that stops leaves its tabs to expire the same way, so that its users who
 * come back on another node in time are never announced as leaving). For each, the reap script removes its
 * tabs and returns their departures to the first node that runs it only, which hands them to the chat: a
 * dead node's users go offline {@code ttl} to {@code 1.2 ttl} after its last beat, announced once.
 *
 * <p>Runs on a daemon thread of its own (Redis calls block; never an event loop). A failed beat (Redis away)
 * is logged and the next one tries again; if Redis stays away past the TTL (or the process pauses that long),
 * the other nodes reap this one, and its next beat finds itself unlisted: it tells the chat, which closes its
 * connections, so that they come back and are registered and announced anew.
 */
final class NodeLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);
    /** Beats per TTL: a node is taken for dead after missing about five. */
    static final int BEATS_PER_TTL = 5;

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final String node;
    private final Duration ttl;
    private final RedisPresence presence;
    /** Whether a beat registered this node already: a later beat that registers it again finds it was reaped. */
    private boolean registered; // on the timer's thread (and the first beat, before it starts)
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-chat-liveness");
        t.setDaemon(true);
        return t;
    });

    NodeLiveness(RedisCommands<String, String> redis, String prefix, String node, Duration ttl, RedisPresence presence) {
        this.redis = redis;
        this.prefix = prefix;
        this.node = node;
        this.ttl = ttl;
        this.presence = presence;
    }

    /** Sets the liveness key now (on this thread: a node that cannot reach Redis does not start), then beats. */
    void start() {
        beat();
        long period = Math.max(1, ttl.toMillis() / BEATS_PER_TTL);
        timer.scheduleWithFixedDelay(this::beatSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void beatSafely() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("Chat node {}: liveness beat failed, trying again: {}", node, e.toString());
        }
    }

    /** Refreshes this node's key, then reaps the dead nodes (once the chat listens for their departures). */
    void beat() {
        List<Object> reply = PresenceScripts.HEARTBEAT.run(redis, ScriptOutputType.MULTI, new String[0], prefix, node,
                String.valueOf(ttl.toMillis()));
        boolean added = Long.valueOf(1).equals(reply.get(0));
        if (added && registered) {
            forgotten();
        }
        registered = true;
        Consumer<List<Departure>> listener = presence.nodeDepartures();
        if (listener == null) {
            return; // the chat is starting: its listener will get them at a later beat
        }
        for (Object dead : reply.subList(1, reply.size())) {
            List<Departure> departures = reap((String) dead);
            if (!departures.isEmpty()) {
                LOG.info("Chat node {} stopped answering: {} of its tabs gone", dead, departures.size());
                announce(listener, departures);
            }
        }
    }

    /** The others reaped this node while it could not beat: its tabs are gone from Redis. */
    private void forgotten() {
        LOG.warn("Chat node {} was taken for dead (no liveness for over {} ms) and its tabs removed: its "
                + "connections start again", node, ttl.toMillis());
        Runnable listener = presence.nodeForgotten();
        if (listener == null) {
            return;
        }
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("Chat node {}: restarting its connections failed", node, e);
        }
    }

    private void announce(Consumer<List<Departure>> listener, List<Departure> departures) {
        try {
            listener.accept(departures);
        } catch (RuntimeException e) {
            LOG.warn("Chat node {}: announcing a dead node's departures failed", node, e);
        }
    }

    /** The departures of a dead node's tabs, if this node is the one that reaps it; else none. */
    private List<Departure> reap(String dead) {
        List<Object> reply = PresenceScripts.REAP.run(redis, ScriptOutputType.MULTI, new String[0], prefix, dead);
        List<Departure> departures = new ArrayList<>(reply.size());
        for (Object one : reply) {
            @SuppressWarnings("unchecked")
            List<Object> departure = (List<Object>) one;
            departures.add(RedisPresence.departure(departure));
        }
        return departures;
    }

    /** Stops beating. The key is left to expire: see the class comment. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
