package dev.parley.push.internal;

import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One topic: its retained history and its listeners. Every method runs under the instance's lock: a publication
 * appends and delivers in one step, and a subscription replays and registers in one step, so a subscriber sees
 * each event exactly once, in id order, whichever comes first.
 *
 * <p>Costs, for a topic with N listeners and H events retained: subscribing and unsubscribing are O(1) plus the
 * events replayed, a publication O(N). Long polls make this matter: each waiting poll is a listener that
 * unsubscribes when an event answers it and subscribes again with the next poll, so every event of a topic with
 * N waiting polls brings N of each. (With a copy-on-write list of listeners, and a replay that read the whole
 * history, that was O(N x (N + H)) per event under this lock: at 2,500 polls, seconds of publish latency.)
 */
public final class TopicState {
    private static final TopicListener[] NONE = {};

    private final String name;
    /** Ids increase from first to last (an event's id is taken under this lock, or comes in order from the bus). */
    private final ArrayDeque<TopicEvent> history = new ArrayDeque<>();
    private final Set<Listening> listeners = new LinkedHashSet<>();
    /** The listeners as they were at the last publication; rebuilt by the next one after a change. */
    private TopicListener[] delivering = NONE;
    private boolean listenersChanged;
    // The newest id this topic no longer holds: a subscriber resuming before it missed something.
    private long droppedUpTo;
    private long lastId;
    private long lastActivityNanos;
    private boolean forgotten;

    public TopicState(String name, long droppedUpTo, long nowNanos) {
        this.name = name;
        this.droppedUpTo = droppedUpTo;
        this.lastActivityNanos = nowNanos;
    }

    public String name() {
        return name;
    }

    /** False once the hub forgot this topic: callers look it up again. */
    public synchronized boolean append(TopicEvent event, int historySize, long nowNanos) {
        if (forgotten) {
            return false;
        }
        lastId = event.id();
        lastActivityNanos = nowNanos;
        if (historySize > 0) {
            history.addLast(event);
            while (history.size() > historySize) {
                droppedUpTo = history.removeFirst().id();
            }
        } else {
            droppedUpTo = event.id();
        }
        if (listenersChanged) {
            delivering = listeners.stream().map(Listening::listener).toArray(TopicListener[]::new);
            listenersChanged = false;
        }
        // A snapshot: a listener may subscribe or unsubscribe (this lock is reentrant) from its onEvent.
        for (TopicListener listener : delivering) {
            listener.onEvent(event);
        }
        return true;
    }

    /**
     * Registers the listener after replaying the history after {@code afterId} ({@code -1}: none, live only;
     * {@code 0}: all retained). Returns what {@link #unsubscribe} takes; null once forgotten. The same listener
     * subscribed twice is two listeners.
     */
    public synchronized Listening subscribe(TopicListener listener, long afterId, long firstIssuedId,
            long lastIssuedId, long nowNanos) {
        if (forgotten) {
            return null;
        }
        lastActivityNanos = nowNanos;
        if (afterId >= 0) {
            if (isGap(afterId, firstIssuedId, lastIssuedId)) {
                listener.onGap(name, afterId);
            }
            for (TopicEvent event : after(afterId, Integer.MAX_VALUE)) {
                listener.onEvent(event);
            }
        }
        Listening listening = new Listening(listener);
        listeners.add(listening);
        listenersChanged = true;
        return listening;
    }

    public synchronized void unsubscribe(Listening listening) {
        if (listeners.remove(listening)) {
            listenersChanged = true;
            if (listeners.isEmpty()) {
                delivering = NONE; // a quiet topic does not hold its last listeners until its next event
            }
        }
        lastActivityNanos = System.nanoTime();
    }

    /**
     * The events after {@code afterId}, at most {@code max} (the oldest of them). Read from the newest end, which
     * is where a subscriber that is up to date (most of them) finds nothing, at once.
     */
    public synchronized List<TopicEvent> after(long afterId, int max) {
        int newer = 0;
        Iterator<TopicEvent> fromNewest = history.descendingIterator();
        while (fromNewest.hasNext() && fromNewest.next().id() > afterId) {
            newer++;
        }
        if (newer == 0) {
            return List.of();
        }
        TopicEvent[] events = new TopicEvent[newer];
        fromNewest = history.descendingIterator();
        for (int i = newer - 1; i >= 0; i--) {
            events[i] = fromNewest.next();
        }
        return Arrays.asList(events).subList(0, Math.min(max, newer));
    }

    /**
     * Whether a subscriber resuming after {@code afterId} has missed events this topic no longer holds. An id
     * newer than anything this server issued (on any topic), or older than its first, cannot be vouched for
     * either: it comes from another server or from before a restart.
     */
    public synchronized boolean isGap(long afterId, long firstIssuedId, long lastIssuedId) {
        if (afterId <= 0) {
            return false;
        }
        return afterId < droppedUpTo || afterId < firstIssuedId - 1 || afterId > lastIssuedId;
    }

    /** The newest id dropped (for the hub's watermark when it forgets this topic). */
    public synchronized long droppedUpTo() {
        return Math.max(droppedUpTo, lastId);
    }

    public synchronized long lastId() {
        return lastId;
    }

    /** Drops events published before the cutoff. */
    public synchronized void dropOlderThan(long cutoffMillis) {
        Iterator<TopicEvent> it = history.iterator();
        while (it.hasNext()) {
            TopicEvent event = it.next();
            if (event.publishedAtMillis() >= cutoffMillis) {
                break;
            }
            droppedUpTo = event.id();
            it.remove();
        }
    }

    /** Marks the topic forgotten when nobody listens and it holds nothing worth keeping; true if it did. */
    public synchronized boolean forgetIfUnused(boolean evenWithHistory) {
        if (!listeners.isEmpty() || (!history.isEmpty() && !evenWithHistory)) {
            return false;
        }
        forgotten = true;
        return true;
    }

    public synchronized boolean hasListeners() {
        return !listeners.isEmpty();
    }

    public synchronized int size() {
        return history.size();
    }

    public synchronized long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** One subscription's place among the listeners (identity: each subscription is its own). */
    public static final class Listening {
        private final TopicListener listener;

        private Listening(TopicListener listener) {
            this.listener = listener;
        }

        TopicListener listener() {
            return listener;
        }
    }
}
