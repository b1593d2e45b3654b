package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushConfig;
import dev.parley.push.SubscribeAuthorizer;
import dev.parley.push.SubscriberOptions;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.testkit.LiveHeap;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/**
 * One connection subscribing to ever-new public topics (what an anonymous client can send: each subscription
 * makes the hub track a topic and a fan-out for it) holds the per-connection bound on live heap. A control
 * without the bound shows that the measurement sees the difference.
 */
class ConnectionSubscriptionsHeapTest {
    private static final int ATTEMPTS = 20_000;

    /** Live heap held after {@link #ATTEMPTS} subscriptions to distinct topics, and how many were accepted. */
    private long heapAfterManyTopics(int maxSubscriptions) throws Exception {
        long before = LiveHeap.bytes();
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            TopicFanouts<String> fanouts = new TopicFanouts<>(topics, new NoSink(), Long.MAX_VALUE);
            ConnectionSubscriptions<String> connection = new ConnectionSubscriptions<>("c", fanouts,
                    SubscribeAuthorizer.PUBLIC, maxSubscriptions, null);
            int refused = 0;
            for (int i = 0; i < ATTEMPTS; i++) {
                try {
                    connection.subscribe(new SubscribeRequest("topic-" + i, -1, null), () -> { });
                } catch (RequestError e) {
                    assertThat(e.code()).isEqualTo("too_many_subscriptions");
                    refused++;
                }
            }
            assertThat(connection.count()).isEqualTo(Math.min(ATTEMPTS, maxSubscriptions));
            assertThat(refused).isEqualTo(ATTEMPTS - connection.count());
            long after = LiveHeap.bytes();
            // Keeps everything reachable through the measurement.
            assertThat(fanouts.topicCount() + topics.topicCount()).isEqualTo(2 * connection.count());
            return after - before;
        }
    }

    @Test
    void theDefaultBoundKeepsAConnectionsTopicsSmall() throws Exception {
        long bounded = heapAfterManyTopics(SubscriberOptions.DEFAULT_MAX_SUBSCRIPTIONS);
        System.out.printf("ConnectionSubscriptionsHeapTest: %,d topics asked, %d allowed: %+.2f MiB live heap%n",
                ATTEMPTS, SubscriberOptions.DEFAULT_MAX_SUBSCRIPTIONS, bounded / 1048576.0);
        assertThat(bounded).isLessThan(1024 * 1024);
    }

    @Test
    void theMeasurementSeesUnboundedSubscriptions() throws Exception {
        long unbounded = heapAfterManyTopics(Integer.MAX_VALUE);
        System.out.printf("ConnectionSubscriptionsHeapTest: %,d topics, no bound: %+.2f MiB live heap%n",
                ATTEMPTS, unbounded / 1048576.0);
        assertThat(unbounded).isGreaterThan(4L * 1024 * 1024);
    }

    private static final class NoSink implements FanoutSink<String> {
        @Override
        public void broadcast(TopicEvent event, Collection<String> members) {
        }

        @Override
        public void replay(String member, TopicEvent event) {
        }

        @Override
        public void gap(String member, String topic) {
        }
    }
}
