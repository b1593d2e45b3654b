package dev.parley.push.polling.internal;

import dev.parley.push.Subscription;
import dev.parley.push.TopicEvent;
import dev.parley.push.TopicListener;
import dev.parley.server.HttpExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * One waiting long poll: subscribed to its topic after the client's last id, it answers with the first events
 * (those the subscription replays, or the first live one), with a gap, or with nothing when its wait ends,
 * whichever comes first; then it is over (the exchange's close releases the subscription and the timer).
 *
 * <p>Thread-safe: events come on publishers' threads, the timeout on the timer's; the lock makes one answer.
 */
public final class LongPoll implements TopicListener {
    private final HttpExchange exchange;
    private final long afterId;
    private final int maxEvents;
    /** Where to continue after a gap with nothing retained: the newest id issued. */
    private final LongSupplier newest;
    private final List<TopicEvent> events = new ArrayList<>(1);
    private boolean gap;
    /** Events collected while subscribing (the replay) wait until it returns, then go out together. */
    private boolean subscribed;
    private boolean answered;
    private Subscription subscription;
    private Future<?> timer;
    private boolean over;

    public LongPoll(HttpExchange exchange, long afterId, int maxEvents, LongSupplier newest) {
        this.exchange = exchange;
        this.afterId = afterId;
        this.maxEvents = maxEvents;
        this.newest = newest;
    }

    @Override
    public synchronized void onEvent(TopicEvent event) {
        if (answered) {
            return;
        }
        if (events.size() < maxEvents) {
            events.add(event);
        }
        if (subscribed) {
            answer();
        }
    }

    @Override
    public synchronized void onGap(String topic, long after) {
        gap = true;
    }

    /** The subscription is in place (its replay delivered): answers at once if it brought anything. */
    public void subscribed(Subscription subscription, Future<?> timer) {
        boolean release;
        synchronized (this) {
            this.subscription = subscription;
            this.timer = timer;
            subscribed = true;
            if (!events.isEmpty() || gap) {
                answer();
            }
            release = over; // the exchange ended before this was known
        }
        if (release) {
            release();
        }
    }

    /** The wait is over: nothing came. True if this answered the poll (no event did first). */
    public synchronized boolean timeout() {
        if (answered) {
            return false;
        }
        answer();
        return true;
    }

    /** The exchange is over (answered, client gone, server stopping): the subscription and timer go. */
    public void release() {
        Subscription toClose;
        Future<?> toCancel;
        synchronized (this) {
            answered = true;
            over = true;
            toClose = subscription;
            toCancel = timer;
            subscription = null;
            timer = null;
        }
        if (toClose != null) {
            toClose.close();
        }
        if (toCancel != null) {
            toCancel.cancel(false);
        }
    }

    private void answer() {
        answered = true;
        // A gap with nothing retained (an id from the future, or of a forgotten topic) continues from now: asking
        // after the same id again would be told the same gap at once, forever.
        long lastId = !events.isEmpty() ? events.get(events.size() - 1).id() : gap ? newest.getAsLong() : afterId;
        exchange.respond(PollAnswer.of(events, lastId, gap));
    }
}
