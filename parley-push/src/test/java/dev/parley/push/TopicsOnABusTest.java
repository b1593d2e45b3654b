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
}
