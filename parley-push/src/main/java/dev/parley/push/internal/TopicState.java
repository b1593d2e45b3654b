package dev.parley.push.internal;

import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One topic: its retained history and its listeners. Every method runs under the instance's lock: a publication
 * appends and delivers in one step, and a subscription replays and registers in one step, so a subscriber sees
 * each event exactly once, in id order, whichever comes first.
 */
public final class TopicState {
    private final String name;
    private final ArrayDeque<TopicEvent> history = new ArrayDeque<>();
    private final List<TopicListener> listeners = new CopyOnWriteArrayList<>();
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
        for (TopicListener listener : listeners) {
            listener.onEvent(event);
        }
        return true;
    }

    /**
     * Registers the listener after replaying the history after {@code afterId} ({@code -1}: none, live only;
     * {@code 0}: all retained). False once forgotten.
     */
    public synchronized boolean subscribe(TopicListener listener, long afterId, long firstIssuedId, long lastIssuedId,
            long nowNanos) {
        if (forgotten) {
            return false;
        }
        lastActivityNanos = nowNanos;
        if (afterId >= 0) {
            if (isGap(afterId, firstIssuedId, lastIssuedId)) {
                listener.onGap(name, afterId);
            }
            for (TopicEvent event : history) {
                if (event.id() > afterId) {
                    listener.onEvent(event);
                }
            }
        }
        listeners.add(listener);
        return true;
    }

    public synchronized void unsubscribe(TopicListener listener) {
        listeners.remove(listener);
        lastActivityNanos = System.nanoTime();
    }

    /** The events after {@code afterId}, at most {@code max}. */
    public synchronized List<TopicEvent> after(long afterId, int max) {
        List<TopicEvent> events = new ArrayList<>(Math.min(max, history.size()));
        for (TopicEvent event : history) {
            if (events.size() == max) {
                break;
            }
            if (event.id() > afterId) {
                events.add(event);
            }
        }
        return events;
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
}
