package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicFanoutTest {
    private Topics topics;

    @AfterEach
    void closeHub() {
        if (topics != null) {
            topics.close();
        }
    }

    @Test
    void aLiveEventIsHandedOverOnceForAllMembers() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, Long.MAX_VALUE);
        for (String member : List.of("a", "b", "c")) {
            fanouts.join(fanouts.reserve("prices"), member, -1);
        }
        TopicEvent event = topics.publish("prices", "1");
        assertThat(sink.broadcasts).hasSize(1);
        assertThat(sink.broadcasts.get(0)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(sink.received("a")).containsExactly("event " + event.id());
        assertThat(sink.joined).containsExactlyInAnyOrder("a prices", "b prices", "c prices");
    }

    @Test
    void resumingReplaysWhatFollowedTheIdThenGoesLive() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, Long.MAX_VALUE);
        List<TopicEvent> events = publish("prices", 5);
        fanouts.join(fanouts.reserve("prices"), "from-2", events.get(1).id());
        fanouts.join(fanouts.reserve("prices"), "from-0", 0);
        fanouts.join(fanouts.reserve("prices"), "live", -1);
        TopicEvent sixth = topics.publish("prices", "6");
        assertThat(sink.received("from-2")).containsExactly(ids(events.subList(2, 5), sixth));
        assertThat(sink.received("from-0")).containsExactly(ids(events, sixth));
        assertThat(sink.received("live")).containsExactly(ids(List.of(), sixth));
    }

    @Test
    void aResumePointOlderThanTheHistoryIsReportedAsAGapBeforeTheReplay() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults().withHistorySize(2), sink, Long.MAX_VALUE);
        List<TopicEvent> events = publish("prices", 5);
        fanouts.join(fanouts.reserve("prices"), "m", events.get(0).id());
        assertThat(sink.received("m")).containsExactly("gap", "event " + events.get(3).id(),
                "event " + events.get(4).id());
    }

    @Test
    void aBacklogOverTheReplayBudgetIsSkippedAndReportedAsAGap() {
        Recorder sink = new Recorder();
        // Each event's data is 3 bytes: two fit in 6, three do not.
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, 6);
        List<TopicEvent> events = publish("prices", 3);
        fanouts.join(fanouts.reserve("prices"), "fits", events.get(0).id());
        fanouts.join(fanouts.reserve("prices"), "over", 0);
        TopicEvent live = topics.publish("prices", "\"x\"");
        assertThat(sink.received("fits")).containsExactly(ids(events.subList(1, 3), live));
        assertThat(sink.received("over")).containsExactly("event " + events.get(0).id(), "event "
                + events.get(1).id(), "gap", "event " + live.id());
    }

    /** Events published while a subscriber replays are kept aside and sent after the replay, once each. */
    @Test
    void eventsPublishedDuringTheReplayFollowItWithoutDuplicates() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, 9);
        List<TopicEvent> events = publish("prices", 2);
        List<TopicEvent> during = new ArrayList<>();
        sink.onReplay = event -> {
            if (event.id() == events.get(0).id()) {
                during.add(topics.publish("prices", "\"3\""));
            }
        };
        fanouts.join(fanouts.reserve("prices"), "m", 0);
        TopicEvent live = topics.publish("prices", "\"4\"");
        assertThat(sink.received("m")).containsExactly("event " + events.get(0).id(), "event " + events.get(1).id(),
                "event " + during.get(0).id(), "event " + live.id());
    }

    /** What is kept aside during a replay has the same budget: past it, a gap, then live events. */
    @Test
    void eventsPublishedDuringTheReplayOverTheBudgetAreAGap() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, 9);
        TopicEvent first = topics.publish("prices", "\"1\"");
        sink.onReplay = event -> {
            for (int i = 0; i < 4; i++) {
                topics.publish("prices", "\"" + i + "\""); // 4 x 3 bytes kept aside: over 9
            }
        };
        fanouts.join(fanouts.reserve("prices"), "m", 0);
        sink.onReplay = event -> { };
        TopicEvent live = topics.publish("prices", "\"4\"");
        assertThat(sink.received("m")).containsExactly("event " + first.id(), "gap", "event " + live.id());
    }

    @Test
    void theLastMemberOutClosesTheHubSubscription() {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults(), sink, Long.MAX_VALUE);
        TopicFanout<String> a = fanouts.reserve("prices");
        fanouts.join(a, "a", -1);
        TopicFanout<String> b = fanouts.reserve("prices");
        fanouts.join(b, "b", -1);
        assertThat(b).isSameAs(a);
        fanouts.leave(a, "a");
        assertThat(fanouts.topicCount()).isEqualTo(1);
        topics.publish("prices", "1");
        assertThat(sink.broadcasts.get(0)).containsExactly("b");
        fanouts.leave(b, "b");
        assertThat(fanouts.topicCount()).isZero();
        assertThat(sink.left).containsExactly("a prices", "b prices");
        topics.publish("prices", "2");
        assertThat(sink.broadcasts).hasSize(1);
        // Nobody listens and the history is empty after expiry: the hub may forget the topic.
        assertThat(topics.topicCount()).isEqualTo(1);
    }

    /**
     * Subscribers resume from 0 while a publisher runs flat out: each must see every event exactly once, in
     * order, whether it came from the replay or live (the join happens somewhere inside the stream).
     */
    @Test
    void joiningDuringPublicationLosesAndRepeatsNothing() throws InterruptedException {
        Recorder sink = new Recorder();
        TopicFanouts<String> fanouts = fanouts(PushConfig.defaults().withHistorySize(100_000), sink, Long.MAX_VALUE);
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> published = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread publisher = new Thread(() -> {
            while (!stop.get() && published.size() < 50_000) {
                published.add(topics.publish("prices", "1").id());
            }
        });
        publisher.start();
        int subscribers = 30;
        for (int i = 0; i < subscribers; i++) {
            fanouts.join(fanouts.reserve("prices"), "m" + i, 0);
            Thread.yield();
        }
        stop.set(true);
        publisher.join();
        List<String> all = published.stream().map(id -> "event " + id).toList();
        for (int i = 0; i < subscribers; i++) {
            List<String> received = sink.received("m" + i);
            assertThat(received).as("subscriber %d", i).doesNotContain("gap");
            assertThat(firstDifference(received, all)).as("subscriber %d: first difference of %d received and %d "
                    + "published", i, received.size(), all.size()).isEqualTo(-1);
        }
    }

    private static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
    }

    private TopicFanouts<String> fanouts(PushConfig config, Recorder sink, long maxReplayBytes) {
        topics = Topics.create(config);
        return new TopicFanouts<>(topics, sink, maxReplayBytes);
    }

    private List<TopicEvent> publish(String topic, int count) {
        List<TopicEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(topics.publish(topic, "\"" + i + "\""));
        }
        return events;
    }

    private static String[] ids(List<TopicEvent> replayed, TopicEvent live) {
        List<String> ids = new ArrayList<>();
        replayed.forEach(event -> ids.add("event " + event.id()));
        ids.add("event " + live.id());
        return ids.toArray(String[]::new);
    }

    /** Records what each member got, in the order the sink was called. */
    private static final class Recorder implements FanoutSink<String> {
        final List<List<String>> broadcasts = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, List<String>> byMember = new ConcurrentHashMap<>();
        final List<String> joined = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> left = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Runs after each replayed event, on the joiner's thread (to publish in the middle of a replay). */
        volatile java.util.function.Consumer<TopicEvent> onReplay = event -> { };

        @Override
        public void broadcast(TopicEvent event, Collection<String> members) {
            broadcasts.add(List.copyOf(members));
            members.forEach(member -> add(member, "event " + event.id()));
        }

        @Override
        public void replay(String member, TopicEvent event) {
            add(member, "event " + event.id());
            onReplay.accept(event);
        }

        @Override
        public void gap(String member, String topic) {
            add(member, "gap");
        }

        @Override
        public void joined(String member, String topic) {
            joined.add(member + " " + topic);
        }

        @Override
        public void left(String member, String topic) {
            left.add(member + " " + topic);
        }

        List<String> received(String member) {
            List<String> events = byMember.getOrDefault(member, List.of());
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        private void add(String member, String what) {
            List<String> events = byMember.computeIfAbsent(member,
                    m -> java.util.Collections.synchronizedList(new ArrayList<>()));
            events.add(what);
        }
    }
}
