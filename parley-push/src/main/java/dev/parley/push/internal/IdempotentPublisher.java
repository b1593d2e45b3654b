package dev.parley.push.internal;

import dev.parley.push.Publication;
import dev.parley.push.PushException;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes a request's publications all or none, dropping retries: a publication whose {@code id} (with its
 * topic) was published within the idempotency window is not published again, and answers the event id it got
 * then. For a request with ids, the lookup, the publication and the remembering are one step under a lock, so
 * two concurrent retries publish once: on one server the lock is held for microseconds (listeners never
 * block); with a cluster bus, for the bus's round trip, so keyed requests are published one at a time.
 * Requests without ids take no lock. Thread-safe.
 */
public final class IdempotentPublisher {
    private final Topics topics;
    private final RecentPublications recent;

    /** The event id of each publication, in order, and which were retries. */
    public record Outcome(long[] ids, boolean[] duplicates) {
        public boolean anyDuplicate() {
            for (boolean d : duplicates) {
                if (d) {
                    return true;
                }
            }
            return false;
        }
    }

    public IdempotentPublisher(Topics topics, RecentPublications recent) {
        this.topics = topics;
        this.recent = recent;
    }

    /** Publishes what {@code grant} allows, or refuses the whole request with the first item that is not. */
    public Outcome publish(List<PublishItem> items, PushGrant grant) {
        int maxData = topics.config().maxDataBytes();
        for (int i = 0; i < items.size(); i++) {
            PublishItem item = items.get(i);
            if (!grant.mayPublish(item.topic())) {
                throw new PublishRefusal(403, "forbidden", "This token may not publish to " + item.topic(), i);
            }
            if (item.data().length() > maxData / 3 && item.data().getBytes(StandardCharsets.UTF_8).length > maxData) {
                throw new PublishRefusal(413, "data_too_large", "data of " + item.topic() + " is over " + maxData
                        + " bytes (--publish-max-size)", i);
            }
        }
        if (items.stream().allMatch(item -> item.idempotencyKey() == null)) {
            return publishNew(items); // nothing to look up or remember: no lock
        }
        synchronized (recent) {
            return publishNew(items);
        }
    }

    private Outcome publishNew(List<PublishItem> items) {
        long[] ids = new long[items.size()];
        boolean[] duplicates = new boolean[items.size()];
        List<Publication> fresh = new ArrayList<>(items.size());
        List<Integer> freshIndexes = new ArrayList<>(items.size());
        // A key repeated inside one request is a retry of its first occurrence.
        Map<String, Integer> firstInRequest = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            PublishItem item = items.get(i);
            String key = item.idempotencyKey();
            if (key != null) {
                long earlier = recent.lookup(item.topic(), key);
                Integer sibling = firstInRequest.putIfAbsent(item.topic() + '\u0000' + key, i);
                if (earlier >= 0 || sibling != null) {
                    ids[i] = earlier >= 0 ? earlier : -1 - sibling; // resolved below once the sibling has an id
                    duplicates[i] = true;
                    continue;
                }
            }
            fresh.add(new Publication(item.topic(), item.data()));
            freshIndexes.add(i);
        }
        List<TopicEvent> events;
        try {
            events = fresh.isEmpty() ? List.of() : topics.publishAll(fresh);
        } catch (PushException e) {
            throw refusal(e);
        }
        for (int j = 0; j < events.size(); j++) {
            int i = freshIndexes.get(j);
            ids[i] = events.get(j).id();
            PublishItem item = items.get(i);
            if (item.idempotencyKey() != null) {
                recent.remember(item.topic(), item.idempotencyKey(), ids[i]);
            }
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                ids[i] = ids[(int) (-1 - ids[i])];
            }
        }
        return new Outcome(ids, duplicates);
    }

    /** The hub's refusals as HTTP ones: bad input is 4xx; a hub full of topics with subscribers is 503. */
    static PublishRefusal refusal(PushException e) {
        int status = switch (e.reason()) {
            case "data_too_large" -> 413;
            case "too_many_topics" -> 503;
            default -> 400;
        };
        return new PublishRefusal(status, e.reason(), e.getMessage());
    }
}
