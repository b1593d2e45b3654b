package dev.parley.push.internal;

import dev.parley.push.EventEncoding;
import dev.parley.push.Replay;
import dev.parley.push.Subscription;
import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import dev.parley.push.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The subscribers of one topic on one transport, behind a single hub subscription: a live event is handed to
 * the transport once for all of them (so it is encoded once), instead of once per subscriber.
 *
 * <p>Joining with a resume point replays from the hub's history and then joins the live stream with no gap and
 * no duplicate: the replay runs outside any lock, in rounds, and the subscriber becomes a member only under this
 * fan-out's lock, at a moment when the fan-out has delivered nothing newer than what was replayed. Every later
 * live event therefore has a newer id than the last replayed one, and every earlier one was in the replay.
 * (The hub's own per-listener replay would give the same guarantee, at the cost of one hub listener, and one
 * encoding call, per subscriber.)
 *
 * <p>Thread contract: {@link #onEvent} runs on publishers' threads, {@link #join} and {@link #leave} on the
 * transports' handler threads. Lock order: the hub's topic lock, then this; {@link #join} never holds this while
 * it calls the hub.
 */
public final class TopicFanout<M> implements TopicListener {
    /** Rounds of replay before a subscriber that cannot catch up with a busy publisher is told of a gap. */
    static final int MAX_REPLAY_ROUNDS = 16;
    private static final int EVENTS_PER_ROUND = 1000;
    /** UTF-8 bytes of an event's data, memoized on the event: the unit of the replay budget. */
    private static final EventEncoding<Integer> DATA_BYTES = event -> event.data().getBytes(StandardCharsets.UTF_8).length;

    private final String topic;
    private final FanoutSink<M> sink;
    private final Set<M> members = new HashSet<>(); // guarded by this
    private long lastDelivered; // guarded by this: the id of the newest event handed to the members
    // Both guarded by the owning TopicFanouts' map entry (changed only in its compute calls).
    int reservations;
    Subscription subscription;

    TopicFanout(String topic, FanoutSink<M> sink) {
        this.topic = topic;
        this.sink = sink;
    }

    public String topic() {
        return topic;
    }

    @Override
    public synchronized void onEvent(TopicEvent event) {
        lastDelivered = event.id();
        if (!members.isEmpty()) {
            sink.broadcast(event, members);
        }
    }

    /**
     * Adds a subscriber. {@code afterId}: {@code -1} live only, {@code 0} all retained then live, {@code n} what
     * followed event {@code n} then live. At most {@code maxReplayBytes} of data is replayed; a longer backlog is
     * skipped and reported as a gap.
     */
    void join(Topics topics, M member, long afterId, long maxReplayBytes) {
        if (afterId < 0) {
            synchronized (this) {
                add(member);
            }
            return;
        }
        long sent = afterId;
        long budget = maxReplayBytes;
        boolean gapSent = false;
        for (int round = 1; ; round++) {
            Replay replay = topics.replay(topic, sent, EVENTS_PER_ROUND);
            if (replay.gap() && !gapSent) {
                sink.gap(member, topic);
                gapSent = true;
            }
            boolean overBudget = false;
            for (TopicEvent event : replay.events()) {
                int cost = event.encoded(DATA_BYTES);
                if (cost > budget) {
                    overBudget = true;
                    break;
                }
                budget -= cost;
                sink.replay(member, event);
                sent = event.id();
            }
            // A full round may have left retained events behind it: those need another round.
            boolean complete = replay.events().size() < EVENTS_PER_ROUND;
            synchronized (this) {
                boolean caughtUp = !overBudget && complete && lastDelivered <= sent;
                // Skipped for the budget; or nothing left to replay, yet something newer went live (it was
                // dropped from the history); or the publisher keeps outrunning the replay.
                boolean lost = !caughtUp
                        && (overBudget || replay.events().isEmpty() || round == MAX_REPLAY_ROUNDS);
                if (caughtUp || lost) {
                    if (lost && !gapSent) {
                        sink.gap(member, topic);
                    }
                    add(member);
                    return;
                }
            }
        }
    }

    synchronized void leave(M member) {
        if (members.remove(member)) {
            sink.left(member, topic);
        }
    }

    private void add(M member) {
        if (members.add(member)) {
            sink.joined(member, topic);
        }
    }

    synchronized int memberCount() {
        return members.size();
    }
}
