package dev.parley.push;

import java.util.List;
import java.util.function.Consumer;

/**
 * Carries publications between the servers of a cluster. With a bus, a {@link Topics} hub does not number
 * events itself: the bus gives every event a cluster-wide id and delivers every event, in id order, to every
 * server (the publishing one included) through the sink given to {@link #start}. So each server's history and
 * subscribers see the same events with the same ids, and a subscriber can resume on any server.
 *
 * <p>Ids follow a single server's rule: strictly increasing, and at least the issuing time in milliseconds
 * times 1000 (take the time from the one place that numbers them, e.g. Redis's {@code TIME}). A server then
 * reads an id from before it started as a gap: it holds nothing from then.
 */
public interface TopicBus extends AutoCloseable {
    /** Called once by the hub before any publication; {@code sink} takes the events of every server. */
    void start(Consumer<TopicEvent> sink);

    /**
     * Publishes checked publications, in order, and answers them with their cluster-wide ids. May block (a
     * network round trip): the hub's callers are off the event loops.
     */
    List<TopicEvent> publish(List<Publication> publications);

    /**
     * The id after which this server holds every event of the cluster (each topic's history bounds aside): a
     * subscriber resuming after an older id is told of a gap. A bus that brings the events published before this
     * server started (a log it reads back) answers below the hub's start; one that finds it missed events (its
     * log was trimmed while it was away) answers the last id it cannot vouch for. {@code -1} (the default): the
     * bus cannot tell, and the hub vouches for ids from its own start only. Read on every subscription: cheap.
     */
    default long completeAfter() {
        return -1;
    }

    @Override
    void close();
}
