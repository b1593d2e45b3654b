package dev.parley.push;

import dev.parley.push.internal.IdSequence;
import dev.parley.push.internal.JsonText;
import dev.parley.push.internal.TopicState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The push hub: topics, each with a bounded history, and their subscribers. Every transport (Server-Sent Events,
 * WebSocket, Socket.IO, polling) subscribes here, and every publisher (HTTP, Java, a relayed feed) publishes
 * here. Thread-safe.
 *
 * <p>Guarantees: ids increase across all topics; a subscriber gets each event of a topic once, in id order,
 * and resuming after an id joins the retained history to live events without a gap or a duplicate; when the
 * history no longer reaches back that far, the subscriber is told ({@link TopicListener#onGap}).
 */
public final class Topics implements AutoCloseable {
    private static final int FORGET_BATCH_PERCENT = 1;

    private final PushConfig config;
    private final TopicBus bus;
    private final Clock clock;
    private final IdSequence ids;
    private final ConcurrentHashMap<String, TopicState> topics = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();
    // The newest id of any topic forgotten: a topic seen again starts from here, so resuming reports a gap.
    private volatile long forgottenUpTo;

    private Topics(PushConfig config, TopicBus bus, Clock clock, boolean sweep) {
        this.config = Objects.requireNonNull(config, "config");
        this.bus = bus;
        this.clock = clock;
        this.ids = new IdSequence(() -> Math.multiplyExact(clock.millis(), 1000L));
        if (sweep) {
            sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "parley-push-history");
                thread.setDaemon(true);
                return thread;
            });
            // Aged events leave memory on a timer, not when the next publication happens to come.
            long periodMillis = Math.max(1000, Math.min(60_000, config.historyAge().toMillis() / 4));
            sweeper.scheduleWithFixedDelay(this::dropExpired, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        } else {
            sweeper = null;
        }
        if (bus != null) {
            try {
                bus.start(this::deliver);
            } catch (RuntimeException e) {
                // A bus that cannot start (its Redis is unreachable) fails the hub: nothing of it may linger.
                if (sweeper != null) {
                    sweeper.shutdownNow();
                }
                bus.close();
                throw e;
            }
        }
    }

    /** A hub for one server: it numbers its events itself. */
    public static Topics create(PushConfig config) {
        return new Topics(config, null, Clock.systemUTC(), true);
    }

    /** A hub that is one server of a cluster: the bus numbers the events and brings every server's. */
    public static Topics create(PushConfig config, TopicBus bus) {
        return new Topics(config, Objects.requireNonNull(bus, "bus"), Clock.systemUTC(), true);
    }

    /** For tests: a given clock, and no background sweep ({@link #dropExpired()} runs when called). */
    static Topics createForTest(PushConfig config, Clock clock) {
        return new Topics(config, null, clock, false);
    }

    /** For tests: a given clock and bus, and no background sweep. */
    static Topics createForTest(PushConfig config, TopicBus bus, Clock clock) {
        return new Topics(config, bus, clock, false);
    }

    public PushConfig config() {
        return config;
    }

    /** Publishes one event; refused with a {@link PushException} that says why. */
    public TopicEvent publish(String topic, String jsonData) {
        check(topic, jsonData);
        if (bus != null) {
            return bus.publish(List.of(new Publication(topic, jsonData))).get(0);
        }
        return append(topic, jsonData);
    }

    /** Publishes several events in order, all or none: every one is checked before any is published. */
    public List<TopicEvent> publishAll(List<Publication> publications) {
        for (Publication publication : publications) {
            check(publication.topic(), publication.jsonData());
        }
        if (bus != null) {
            return bus.publish(List.copyOf(publications));
        }
        List<TopicEvent> events = new ArrayList<>(publications.size());
        for (Publication publication : publications) {
            events.add(append(publication.topic(), publication.jsonData()));
        }
        return events;
    }

    /**
     * Subscribes to one topic. {@code afterId}: {@code -1} for live events only, {@code 0} for everything retained
     * and then live, {@code n} for what came after event {@code n} and then live.
     */
    public Subscription subscribe(String topic, long afterId, TopicListener listener) {
        if (!TopicName.isValid(topic)) {
            throw new PushException("invalid_topic", invalidTopicMessage(topic));
        }
        Objects.requireNonNull(listener, "listener");
        while (true) {
            TopicState state = stateFor(topic);
            TopicState.Listening listening = state.subscribe(listener, afterId, firstHeldId(), ids.last(),
                    System.nanoTime());
            if (listening != null) {
                return new TopicSubscription(state, listening);
            }
        }
    }

    /** The retained events after {@code afterId} (at most {@code max}), for polling. */
    public Replay replay(String topic, long afterId, int max) {
        if (!TopicName.isValid(topic)) {
            throw new PushException("invalid_topic", invalidTopicMessage(topic));
        }
        TopicState state = topics.get(topic);
        if (state == null) {
            boolean gap = afterId > 0 && (afterId < forgottenUpTo || afterId < firstHeldId() - 1 || afterId > ids.last());
            return new Replay(List.of(), gap, Math.max(afterId, 0));
        }
        List<TopicEvent> events = state.after(afterId, max);
        boolean gap = state.isGap(afterId, firstHeldId(), ids.last());
        long lastId = events.isEmpty() ? Math.max(afterId, state.lastId()) : events.get(events.size() - 1).id();
        return new Replay(events, gap, lastId);
    }

    /** The newest id issued (on any topic). */
    public long lastId() {
        return ids.last();
    }

    /** Topics tracked now (with history or subscribers). */
    public int topicCount() {
        return topics.size();
    }

    /** Drops events older than the history age from every topic, and topics left with nothing. */
    public void dropExpired() {
        long cutoff = clock.millis() - config.historyAge().toMillis();
        for (TopicState state : topics.values()) {
            state.dropOlderThan(cutoff);
            if (state.size() == 0 && state.forgetIfUnused(false)) {
                forget(state);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
            if (bus != null) {
                bus.close();
            }
        }
    }

    /**
     * An event numbered by the bus (from any server, this one included): kept and delivered like a local one.
     * The bus calls this in id order.
     */
    private void deliver(TopicEvent event) {
        ids.observe(event.id());
        while (true) {
            TopicState state;
            try {
                state = stateFor(event.topic());
            } catch (PushException full) {
                return; // every topic has subscribers: nothing here can keep or show it
            }
            if (state.append(event, config.historySize(), System.nanoTime())) {
                return;
            }
        }
    }

    /** From this id on the hub holds every event: its own start, or what its bus vouches for. */
    private long firstHeldId() {
        long after = bus == null ? -1 : bus.completeAfter();
        return after < 0 ? ids.first() : after + 1;
    }

    private void check(String topic, String jsonData) {
        if (!TopicName.isValid(topic)) {
            throw new PushException("invalid_topic", invalidTopicMessage(topic));
        }
        if (jsonData == null) {
            throw new PushException("invalid_data", "data is missing");
        }
        // UTF-8 is at most 3 bytes per char: only long texts need the exact count.
        if (jsonData.length() * 3L > config.maxDataBytes()
                && jsonData.getBytes(StandardCharsets.UTF_8).length > config.maxDataBytes()) {
            throw new PushException("data_too_large", "data is larger than " + config.maxDataBytes() + " bytes");
        }
        String problem = JsonText.problem(jsonData);
        if (problem != null) {
            throw new PushException("invalid_data", problem);
        }
    }

    private TopicEvent append(String topic, String jsonData) {
        while (true) {
            TopicState state = stateFor(topic);
            // The id is taken under the topic's lock, so each topic's ids are in the order its events are delivered.
            synchronized (state) {
                TopicEvent event = new TopicEvent(topic, ids.next(), jsonData, clock.millis());
                if (state.append(event, config.historySize(), System.nanoTime())) {
                    return event;
                }
            }
        }
    }

    private TopicState stateFor(String topic) {
        TopicState state = topics.get(topic);
        if (state != null) {
            return state;
        }
        if (topics.size() >= config.maxTopics()) {
            makeRoom();
        }
        return topics.computeIfAbsent(topic, name -> new TopicState(name, forgottenUpTo, System.nanoTime()));
    }

    /**
     * Forgets the longest-idle topics without subscribers (a percent at a time, so that a stream of new topics
     * does not rescan the map for each one). Topics with subscribers are never forgotten.
     */
    private synchronized void makeRoom() {
        if (topics.size() < config.maxTopics()) {
            return;
        }
        List<TopicState> idle = new ArrayList<>();
        for (TopicState state : topics.values()) {
            if (!state.hasListeners()) {
                idle.add(state);
            }
        }
        if (idle.isEmpty()) {
            throw new PushException("too_many_topics", "the server tracks " + config.maxTopics()
                    + " topics, all with subscribers");
        }
        idle.sort(Comparator.comparingLong(TopicState::lastActivityNanos));
        int batch = Math.max(1, config.maxTopics() * FORGET_BATCH_PERCENT / 100);
        int forgotten = 0;
        for (TopicState state : idle) {
            if (forgotten == batch) {
                break;
            }
            if (state.forgetIfUnused(true)) {
                forget(state);
                forgotten++;
            }
        }
        if (forgotten == 0) {
            throw new PushException("too_many_topics", "the server tracks " + config.maxTopics()
                    + " topics, all with subscribers");
        }
    }

    private void forget(TopicState state) {
        synchronized (this) {
            forgottenUpTo = Math.max(forgottenUpTo, state.droppedUpTo());
        }
        topics.remove(state.name(), state);
    }

    private static String invalidTopicMessage(String topic) {
        return "a topic is 1 to " + TopicName.MAX_LENGTH + " letters, digits or _ . : @ / -, starting with a letter "
                + "or digit" + (topic == null ? "" : "; got " + (topic.length() > 40 ? topic.substring(0, 40) + "..." : topic));
    }

    private final class TopicSubscription implements Subscription {
        private final TopicState state;
        private final TopicState.Listening listening;
        private final AtomicBoolean closed = new AtomicBoolean();

        TopicSubscription(TopicState state, TopicState.Listening listening) {
            this.state = state;
            this.listening = listening;
        }

        @Override
        public String topic() {
            return state.name();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                state.unsubscribe(listening);
                // A topic nobody listens to and that holds nothing is not worth its map entry.
                if (state.size() == 0 && state.forgetIfUnused(false)) {
                    forget(state);
                }
            }
        }
    }
}
