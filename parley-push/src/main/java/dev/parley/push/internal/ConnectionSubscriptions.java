package dev.parley.push.internal;

import dev.parley.push.PushException;
import dev.parley.push.SubscribeAuthorizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics one connection follows, bounded in number, and the checks before each subscription: not already
 * subscribed, under the bound, authorized. Thread-safe (a connection's handlers run one at a time anyway; the
 * lock covers a close racing them).
 *
 * @param <M> the connection as its transport's {@link FanoutSink} knows it
 */
public final class ConnectionSubscriptions<M> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSubscriptions.class);

    private final M member;
    private final TopicFanouts<M> fanouts;
    private final SubscribeAuthorizer authorizer;
    private final int maxSubscriptions;
    private final String connectionToken;
    private final Map<String, TopicFanout<M>> joined = new HashMap<>(4);
    private boolean closed;

    public ConnectionSubscriptions(M member, TopicFanouts<M> fanouts, SubscribeAuthorizer authorizer,
            int maxSubscriptions, String connectionToken) {
        this.member = member;
        this.fanouts = fanouts;
        this.authorizer = authorizer;
        this.maxSubscriptions = maxSubscriptions;
        this.connectionToken = connectionToken;
    }

    /**
     * Subscribes after the checks; {@code accepted} runs once the subscription is certain, before the replay
     * (so a confirmation precedes the replayed events).
     */
    public synchronized void subscribe(SubscribeRequest request, Runnable accepted) throws RequestError {
        String topic = request.topic();
        if (closed) {
            return;
        }
        if (joined.containsKey(topic)) {
            throw new RequestError("already_subscribed", "already subscribed to this topic; unsubscribe first "
                    + "to resume from another id", topic);
        }
        if (joined.size() >= maxSubscriptions) {
            throw new RequestError("too_many_subscriptions", "a connection may follow at most " + maxSubscriptions
                    + " topics", topic);
        }
        if (!authorized(topic, request.token() != null ? request.token() : connectionToken)) {
            throw new RequestError("forbidden", "this topic needs a token that allows it", topic);
        }
        TopicFanout<M> fanout;
        try {
            fanout = fanouts.reserve(topic);
        } catch (PushException e) {
            throw new RequestError(e.reason(), e.getMessage(), topic);
        }
        joined.put(topic, fanout);
        // "Live only" means live from the confirmation on: fix that position before confirming.
        long after = request.after() < 0 ? fanouts.livePosition() : request.after();
        accepted.run();
        fanouts.join(fanout, member, after);
    }

    /** Stops following {@code topic}; false if it was not followed. */
    public synchronized boolean unsubscribe(String topic) {
        TopicFanout<M> fanout = joined.remove(topic);
        if (fanout == null) {
            return false;
        }
        fanouts.leave(fanout, member);
        return true;
    }

    public synchronized int count() {
        return joined.size();
    }

    /** The connection ended: leaves every topic; later subscriptions are ignored. */
    public synchronized void closeAll() {
        closed = true;
        List<TopicFanout<M>> all = new ArrayList<>(joined.values());
        joined.clear();
        for (TopicFanout<M> fanout : all) {
            fanouts.leave(fanout, member);
        }
    }

    private boolean authorized(String topic, String token) throws RequestError {
        try {
            return authorizer.maySubscribe(topic, token);
        } catch (RuntimeException e) {
            LOG.warn("The subscribe authorizer failed on topic {}", topic, e);
            throw new RequestError("internal_error", "the server could not check the token", topic);
        }
    }
}
