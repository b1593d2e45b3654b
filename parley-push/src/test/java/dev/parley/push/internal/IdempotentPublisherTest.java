package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdempotentPublisherTest {
    private final Topics topics = Topics.create(PushConfig.defaults().withMaxDataBytes(100));
    private final IdempotentPublisher publisher = new IdempotentPublisher(topics,
            new RecentPublications(Duration.ofMinutes(5), 1000, System::nanoTime));

    @AfterEach
    void close() {
        topics.close();
    }

    @Test
    void concurrentRetriesPublishEachKeyOnce() throws Exception {
        List<TopicEvent> got = new CopyOnWriteArrayList<>();
        topics.subscribe("orders", -1, got::add);
        int threads = 4;
        int keys = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // All threads try each key at the same moment: a retry storm from several clients.
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    long[] ids = new long[keys];
                    for (int k = 0; k < keys; k++) {
                        together.await();
                        ids[k] = publisher.publish(List.of(new PublishItem("orders", Integer.toString(k), "order-" + k)),
                                PushGrant.PUBLISH_ANYTHING).ids()[0];
                    }
                    return ids;
                }));
            }
            for (Future<long[]> result : results) {
                assertThat(result.get()).containsExactly(results.get(0).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(got).hasSize(keys);
    }

    @Test
    void aRefusedRequestPublishesNothingAndRemembersNoKey() {
        PushGrant prices = new PushGrant(dev.parley.push.TopicPattern.parseAll(List.of("prices")), List.of());
        assertThatThrownBy(() -> publisher.publish(List.of(new PublishItem("prices", "1", "k"),
                new PublishItem("user:1", "2", null)), prices))
                .isInstanceOfSatisfying(PublishRefusal.class, r -> {
                    assertThat(r.status()).isEqualTo(403);
                    assertThat(r.index()).isEqualTo(1);
                });
        assertThatThrownBy(() -> publisher.publish(List.of(new PublishItem("prices", "1", "k"),
                new PublishItem("prices", "\"" + "x".repeat(100) + "\"", null)), prices))
                .isInstanceOfSatisfying(PublishRefusal.class, r -> assertThat(r.code()).isEqualTo("data_too_large"));
        assertThat(topics.replay("prices", 0, 10).events()).isEmpty();
        IdempotentPublisher.Outcome later = publisher.publish(List.of(new PublishItem("prices", "1", "k")), prices);
        assertThat(later.duplicates()[0]).as("the refused request left no key behind").isFalse();
    }
}
