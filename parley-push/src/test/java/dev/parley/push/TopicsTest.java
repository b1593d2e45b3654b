package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T06:00:00Z"));

    @Test
    void idsIncreaseAcrossTopicsAndStartAtTheClock() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        TopicEvent a = topics.publish("prices", "{\"p\":1}");
        TopicEvent b = topics.publish("feed:movies", "[1,2]");
        TopicEvent c = topics.publish("prices", "2");
        assertThat(a.id()).isEqualTo(clock.millis() * 1000);
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(c.id()).isGreaterThan(b.id());
        assertThat(topics.lastId()).isEqualTo(c.id());
        assertThat(c.data()).isEqualTo("2");
    }

    @Test
    void refusesBadTopicsAndDataWithAReason() {
        Topics topics = Topics.createForTest(PushConfig.defaults().withMaxDataBytes(10), clock);
        assertReason(() -> topics.publish("bad topic", "1"), "invalid_topic");
        assertReason(() -> topics.publish("-leading", "1"), "invalid_topic");
        assertReason(() -> topics.publish("x".repeat(201), "1"), "invalid_topic");
        assertReason(() -> topics.publish("ok", "{\"a\":"), "invalid_data");
        assertReason(() -> topics.publish("ok", "1 2"), "invalid_data");
        assertReason(() -> topics.publish("ok", ""), "invalid_data");
        assertReason(() -> topics.publish("ok", "\"éééééé\""), "data_too_large");
        assertReason(() -> topics.publish("ok", "[".repeat(100) + "]".repeat(100)), "data_too_large");
        Topics roomy = Topics.createForTest(PushConfig.defaults(), clock);
        assertReason(() -> roomy.publish("ok", "[".repeat(100) + "]".repeat(100)), "invalid_data");
        assertThat(topics.publish("ok", "\"éé\"").data()).isEqualTo("\"éé\"");
    }

    @Test
    void publishAllIsAllOrNothing() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        assertReason(() -> topics.publishAll(List.of(new Publication("a", "1"), new Publication("b", "nope"))),
                "invalid_data");
        assertThat(topics.replay("a", 0, 10).events()).isEmpty();
        List<TopicEvent> events = topics.publishAll(List.of(new Publication("a", "1"), new Publication("b", "2")));
        assertThat(events).extracting(TopicEvent::topic).containsExactly("a", "b");
    }

    @Test
    void liveSubscribersGetEachEventOnceUntilTheyClose() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        topics.publish("t", "0");
        List<String> got = new ArrayList<>();
        Subscription subscription = topics.subscribe("t", -1, event -> got.add(event.data()));
        topics.publish("t", "1");
        topics.publish("other", "\"x\"");
        topics.publish("t", "2");
        subscription.close();
        subscription.close();
        topics.publish("t", "3");
        assertThat(got).containsExactly("1", "2");
    }

    @Test
    void resumingJoinsHistoryAndLiveWithoutGapOrDuplicateWhilePublishing() throws Exception {
        Topics topics = Topics.createForTest(PushConfig.defaults().withHistorySize(100_000), clock);
        int total = 20_000;
        CountDownLatch started = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                topics.publish("t", Integer.toString(i));
                if (i == 100) {
                    started.countDown();
                }
            }
        });
        publisher.start();
        started.await();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger gaps = new AtomicInteger();
        topics.subscribe("t", 0, new TopicListener() {
            @Override
            public void onEvent(TopicEvent event) {
                seen.add(Integer.parseInt(event.data()));
            }

            @Override
            public void onGap(String topic, long afterId) {
                gaps.incrementAndGet();
            }
        });
        publisher.join();
        assertThat(gaps).hasValue(0);
        assertThat(seen).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void resumingAfterAnIdReplaysOnlyWhatCameAfter() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        TopicEvent first = topics.publish("t", "1");
        topics.publish("u", "\"x\"");
        topics.publish("t", "2");
        List<String> got = new ArrayList<>();
        topics.subscribe("t", first.id(), event -> got.add(event.data()));
        topics.publish("t", "3");
        assertThat(got).containsExactly("2", "3");
    }

    @Test
    void aHistoryThatNoLongerReachesBackIsReportedAsAGap() {
        Topics topics = Topics.createForTest(PushConfig.defaults().withHistorySize(2), clock);
        TopicEvent first = topics.publish("t", "1");
        TopicEvent second = topics.publish("t", "2");
        topics.publish("t", "3");
        topics.publish("t", "4");
        assertThat(topics.replay("t", first.id(), 10).gap()).isTrue();
        assertThat(topics.replay("t", second.id(), 10).gap()).isFalse();
        assertThat(topics.replay("t", second.id(), 10).events()).extracting(TopicEvent::data).containsExactly("3", "4");
        List<String> got = new ArrayList<>();
        topics.subscribe("t", first.id(), new TopicListener() {
            @Override
            public void onEvent(TopicEvent event) {
                got.add(event.data());
            }

            @Override
            public void onGap(String topic, long afterId) {
                got.add("gap after " + (afterId == first.id() ? "first" : afterId));
            }
        });
        assertThat(got).containsExactly("gap after first", "3", "4");
    }

    @Test
    void idsFromBeforeThisServerOrFromAnotherAreGaps() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        TopicEvent event = topics.publish("t", "1");
        assertThat(topics.replay("t", event.id() - 5_000_000, 10).gap()).as("from before the start").isTrue();
        assertThat(topics.replay("t", event.id() + 5, 10).gap()).as("from the future").isTrue();
        assertThat(topics.replay("t", event.id(), 10).gap()).isFalse();
        assertThat(topics.replay("t", 0, 10).gap()).isFalse();
        assertThat(topics.replay("never", event.id(), 10).gap()).isFalse();
    }

    @Test
    void eventsAgeOutOnTheSweepAndLeaveAGap() {
        Topics topics = Topics.createForTest(PushConfig.defaults().withHistoryAge(Duration.ofMinutes(1)), clock);
        TopicEvent old = topics.publish("t", "\"old\"");
        clock.advance(Duration.ofSeconds(50));
        TopicEvent fresh = topics.publish("t", "\"fresh\"");
        clock.advance(Duration.ofSeconds(20));
        topics.dropExpired();
        Replay replay = topics.replay("t", 0, 10);
        assertThat(replay.events()).extracting(TopicEvent::data).containsExactly("\"fresh\"");
        assertThat(topics.replay("t", old.id() - 1, 10).gap()).isTrue();
        assertThat(topics.replay("t", old.id(), 10).gap()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        topics.dropExpired();
        assertThat(topics.topicCount()).isZero();
        assertThat(topics.replay("t", fresh.id() - 1, 10).gap()).as("forgotten topic").isTrue();
    }

    @Test
    void pastMaxTopicsTheIdleOnesAreForgottenButNeverOnesWithSubscribers() {
        Topics topics = Topics.createForTest(PushConfig.defaults().withMaxTopics(3), clock);
        topics.subscribe("watched", -1, event -> { });
        topics.publish("a", "1");
        topics.publish("b", "1");
        topics.publish("c", "1");
        assertThat(topics.topicCount()).isLessThanOrEqualTo(3);
        assertThat(topics.replay("a", 0, 10).events()).as("the longest idle went").isEmpty();
        topics.publish("watched", "\"still here\"");
        assertThat(topics.replay("watched", 0, 10).events()).hasSize(1);

        Topics full = Topics.createForTest(PushConfig.defaults().withMaxTopics(2), clock);
        full.subscribe("x", -1, event -> { });
        full.subscribe("y", -1, event -> { });
        assertReason(() -> full.publish("z", "1"), "too_many_topics");
    }

    @Test
    void aTopicWithNothingIsDroppedWhenItsLastSubscriberLeaves() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        Subscription subscription = topics.subscribe("empty", -1, event -> { });
        assertThat(topics.topicCount()).isEqualTo(1);
        subscription.close();
        assertThat(topics.topicCount()).isZero();
    }

    @Test
    void anEventIsEncodedOncePerEncoding() {
        Topics topics = Topics.createForTest(PushConfig.defaults(), clock);
        AtomicInteger encodings = new AtomicInteger();
        EventEncoding<String> sse = event -> {
            encodings.incrementAndGet();
            return "data: " + event.data();
        };
        EventEncoding<String> other = event -> "x";
        TopicEvent event = topics.publish("t", "1");
        for (int i = 0; i < 1000; i++) {
            assertThat(event.encoded(sse)).isEqualTo("data: 1");
        }
        assertThat(event.encoded(other)).isEqualTo("x");
        assertThat(encodings).hasValue(1);
    }

    private static void assertReason(Runnable publish, String reason) {
        assertThatThrownBy(publish::run).isInstanceOfSatisfying(PushException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
