package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Two hubs joined by a bus: what one publishes, the other holds and delivers under the same id. */
class TopicsOnABusTest {
    private final TopicsTest.MutableClock clock = new TopicsTest.MutableClock(Instant.parse("2026-12-07T06:00:00Z"));

    /** The smallest bus: numbers publications in one place and hands them to every hub, in order. */
    private static final class SharedBus {
        private final List<Consumer<TopicEvent>> sinks = new CopyOnWriteArrayList<>();
        private long lastId;

        TopicBus member(long clockMillis) {
            return new TopicBus() {
                @Override
                public void start(Consumer<TopicEvent> sink) {
                    sinks.add(sink);
                }

                @Override
                public List<TopicEvent> publish(List<Publication> publications) {
                    synchronized (SharedBus.this) {
                        List<TopicEvent> events = new ArrayList<>();
                        for (Publication publication : publications) {
                            lastId = Math.max(lastId + 1, clockMillis * 1000);
                            TopicEvent event = new TopicEvent(publication.topic(), lastId, publication.jsonData(),
                                    clockMillis);
                            sinks.forEach(sink -> sink.accept(event));
                            events.add(event);
                        }
                        return events;
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void anEventPublishedOnOneServerIsHeldAndDeliveredOnEveryOneUnderOneId() {
        SharedBus bus = new SharedBus();
        Topics a = Topics.createForTest(PushConfig.defaults(), bus.member(clock.millis()), clock);
        Topics b = Topics.createForTest(PushConfig.defaults(), bus.member(clock.millis()), clock);
        List<TopicEvent> onB = new ArrayList<>();
        b.subscribe("prices", -1, onB::add);

        TopicEvent first = a.publish("prices", "1");
        TopicEvent second = b.publish("prices", "2");

        assertThat(onB).extracting(TopicEvent::id).containsExactly(first.id(), second.id());
        assertThat(a.replay("prices", 0, 10).events()).extracting(TopicEvent::id)
                .containsExactly(first.id(), second.id());
        // A subscriber that saw the first event on A resumes on B with nothing missed and nothing twice.
        Replay resumed = b.replay("prices", first.id(), 10);
        assertThat(resumed.gap()).isFalse();
        assertThat(resumed.events()).extracting(TopicEvent::data).containsExactly("2");
        // Ids the bus issued continue past what a hub would issue on its own.
        assertThat(b.lastId()).isEqualTo(second.id());
    }

    /** A bus that reads back a log: it vouches for what it brought, and for less once it finds it missed some. */
    @Test
    void aBusThatBringsEarlierEventsVouchesForThemAndWithdrawsWhatItMissed() {
        long before = (clock.millis() - 60_000) * 1000;
        TopicEvent old1 = new TopicEvent("prices", before, "1", clock.millis() - 60_000);
        TopicEvent old2 = new TopicEvent("prices", before + 1, "2", clock.millis() - 60_000);
        long[] completeAfter = {before - 1};
        TopicBus replaying = new TopicBus() {
            @Override
            public void start(Consumer<TopicEvent> sink) {
                sink.accept(old1);
                sink.accept(old2);
            }

            @Override
            public List<TopicEvent> publish(List<Publication> publications) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long completeAfter() {
                return completeAfter[0];
            }

            @Override
            public void close() {
            }
        };
        Topics hub = Topics.createForTest(PushConfig.defaults(), replaying, clock);

        // Ids from before the hub started are not a gap when the bus vouches for them.
        assertThat(hub.replay("prices", old1.id(), 10).gap()).isFalse();
        assertThat(hub.replay("prices", old1.id(), 10).events()).containsExactly(old2);
        List<Long> gaps = new ArrayList<>();
        hub.subscribe("prices", old1.id(), new TopicListener() {
            @Override
            public void onEvent(TopicEvent event) {
            }

            @Override
            public void onGap(String topic, long afterId) {
                gaps.add(afterId);
            }
        });
        assertThat(gaps).isEmpty();

        // The bus missed what came after old2: resuming before it is a gap, after it is not.
        completeAfter[0] = old2.id();
        assertThat(hub.replay("prices", old1.id(), 10).gap()).isTrue();
        assertThat(hub.replay("prices", old2.id(), 10).gap()).isFalse();
        // A bus that cannot tell: the hub vouches from its own start only.
        completeAfter[0] = -1;
        assertThat(hub.replay("prices", old1.id(), 10).gap()).isTrue();
    }
}
