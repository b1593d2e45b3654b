package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A topic with many listeners that come and go: what thousands of waiting long polls do (each one unsubscribes
 * when an event answers it and subscribes again, after the last id it saw, with the next poll). Each such
 * change must cost the same whatever the number of listeners; it used to copy every listener (a copy-on-write
 * list) and read the whole history, under the topic's lock, which at 10,000 subscribers held publishing up
 * for seconds (S12, docs/benchmarks.md). Measured in allocated bytes, which do not depend on the machine's load.
 * And the listeners a publication runs may subscribe and unsubscribe as it runs.
 */
class TopicsListenerChurnTest {
    private static final int LISTENERS = 10_000;
    private static final int CYCLES = 2_000;
    private static final TopicListener NOTHING = event -> { };

    @Test
    void aListenerComingAndGoingAmongTenThousandAllocatesAConstantFew() {
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            List<Subscription> others = new ArrayList<>();
            for (int i = 0; i < LISTENERS; i++) {
                others.add(topics.subscribe("bench", -1, NOTHING));
            }
            for (int i = 0; i < PushConfig.DEFAULT_HISTORY_SIZE; i++) {
                topics.publish("bench", "\"filler " + i + "\"");
            }
            long last = topics.lastId();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            churn(topics, last, CYCLES); // warm: classes loaded, code compiled
            long before = threads.getCurrentThreadAllocatedBytes();
            churn(topics, last, CYCLES);
            long perCycle = (threads.getCurrentThreadAllocatedBytes() - before) / CYCLES;
            System.out.printf("TopicsListenerChurnTest: %d bytes allocated per unsubscribe + resubscribe among %,d "
                    + "listeners%n", perCycle, LISTENERS);
            // A copy of 10,000 references is 40 KB or more; the subscription itself is about 100 bytes.
            assertThat(perCycle).isLessThan(2048);
            assertThat(others).hasSize(LISTENERS);
        }
    }

    /** {@code cycles} times: a poll up to date subscribes after {@code last}, then leaves (answered). */
    private static void churn(Topics topics, long last, int cycles) {
        for (int i = 0; i < cycles; i++) {
            topics.subscribe("bench", last, NOTHING).close();
        }
    }

    @Test
    void listenersMayLeaveAndJoinWhileAPublicationRunsThem() {
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            List<String> seen = new ArrayList<>();
            Subscription[] leaver = new Subscription[1];
            leaver[0] = topics.subscribe("t", -1, event -> {
                seen.add("leaver " + event.data());
                leaver[0].close();
                // Joins after this event: gets the next ones only.
                topics.subscribe("t", event.id(), next -> seen.add("joiner " + next.data()));
            });
            topics.subscribe("t", -1, event -> seen.add("stayer " + event.data()));
            topics.publish("t", "1");
            topics.publish("t", "2");
            assertThat(seen).containsExactly("leaver 1", "stayer 1", "stayer 2", "joiner 2");
        }
    }

    @Test
    void theSameListenerSubscribedTwiceIsTwoSubscriptions() {
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            List<String> seen = new ArrayList<>();
            TopicListener listener = event -> seen.add(event.data());
            Subscription first = topics.subscribe("t", -1, listener);
            topics.subscribe("t", -1, listener);
            topics.publish("t", "1");
            first.close();
            topics.publish("t", "2");
            assertThat(seen).containsExactly("1", "1", "2");
        }
    }

    @Test
    void resumingGetsTheEventsAfterItsIdOldestFirst() {
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            List<TopicEvent> published = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                published.add(topics.publish("t", String.valueOf(i)));
            }
            List<String> seen = new ArrayList<>();
            topics.subscribe("t", published.get(2).id(), event -> seen.add(event.data()));
            assertThat(seen).containsExactly("3", "4");
            assertThat(topics.replay("t", published.get(0).id(), 2).events()).extracting(TopicEvent::data)
                    .containsExactly("1", "2");
            assertThat(topics.replay("t", published.get(4).id(), 10).events()).isEmpty();
            assertThat(topics.replay("t", 0, 10).events()).hasSize(5);
        }
    }
}
