package dev.parley.push.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.push.Publication;
import dev.parley.push.PushConfig;
import dev.parley.push.Replay;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two (or three) push hubs, each on its own {@link RedisTopicBus}, as two servers of a cluster: the Redis at
 * 127.0.0.1:6379, a key prefix of the test's own.
 */
class RedisTopicBusIT {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private final String prefix = "push-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final PushConfig config = PushConfig.defaults();
    private final List<Topics> hubs = new ArrayList<>();
    private final java.util.Map<Topics, RedisTopicBus> buses = new java.util.IdentityHashMap<>();
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        redisClient = RedisClient.create(REDIS);
        redis = redisClient.connect();
    }

    @AfterEach
    void cleanUp() {
        hubs.forEach(Topics::close);
        redis.sync().del("{" + prefix + "}:log", "{" + prefix + "}:last-id");
        redis.close();
        redisClient.shutdown();
    }

    private Topics server(RedisTopicBusOptions options) {
        RedisTopicBus bus = RedisTopicBus.connect(REDIS, options.withKeyPrefix(prefix));
        Topics hub = Topics.create(config, bus);
        hubs.add(hub);
        buses.put(hub, bus);
        return hub;
    }

    private Topics server() {
        return server(RedisTopicBusOptions.of(config));
    }

    @Test
    void anEventPublishedOnOneServerReachesASubscriberOnTheOtherUnderTheSameId() {
        Topics a = server();
        Topics b = server();
        RecordingListener onB = new RecordingListener();
        b.subscribe("prices", -1, onB);

        TopicEvent published = a.publish("prices", "{\"eur\":1.17}");

        await().until(() -> onB.events.size() == 1);
        TopicEvent received = onB.events.get(0);
        assertThat(received.id()).isEqualTo(published.id());
        assertThat(received.data()).isEqualTo("{\"eur\":1.17}");
        assertThat(received.publishedAtMillis()).isEqualTo(published.publishedAtMillis());
        // Redis's clock numbers it: at least its time in ms times 1000.
        assertThat(published.id()).isGreaterThanOrEqualTo(published.publishedAtMillis() * 1000);
        // A publication returns once its own server holds it.
        assertThat(a.replay("prices", 0, 10).events()).extracting(TopicEvent::id).containsExactly(published.id());
        assertThat(onB.gaps).isEmpty();
    }

    @Test
    void concurrentPublishersOnBothServersGiveEveryServerEveryEventInOneIncreasingOrder() throws Exception {
        Topics a = server();
        Topics b = server();
        List<String> topics = List.of("t1", "t2", "t3");
        List<RecordingListener> onA = new ArrayList<>();
        List<RecordingListener> onB = new ArrayList<>();
        for (String topic : topics) {
            RecordingListener la = new RecordingListener();
            RecordingListener lb = new RecordingListener();
            a.subscribe(topic, -1, la);
            b.subscribe(topic, -1, lb);
            onA.add(la);
            onB.add(lb);
        }
        int publishers = 4;
        int perPublisher = 300;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        List<Future<List<TopicEvent>>> results = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Topics hub = p % 2 == 0 ? a : b;
            int publisher = p;
            results.add(pool.submit(() -> {
                List<TopicEvent> mine = new ArrayList<>();
                for (int i = 0; i < perPublisher; i += 3) {
                    if (i % 2 == 0) {
                        // A batch of three, one to each topic, all or none.
                        mine.addAll(hub.publishAll(List.of(new Publication("t1", "[" + publisher + "," + i + "]"),
                                new Publication("t2", "[" + publisher + "," + (i + 1) + "]"),
                                new Publication("t3", "[" + publisher + "," + (i + 2) + "]"))));
                    } else {
                        for (int k = 0; k < 3; k++) {
                            mine.add(hub.publish(topics.get(k), "[" + publisher + "," + (i + k) + "]"));
                        }
                    }
                }
                return mine;
            }));
        }
        List<TopicEvent> published = new ArrayList<>();
        for (Future<List<TopicEvent>> result : results) {
            published.addAll(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        int total = publishers * perPublisher;
        assertThat(published).hasSize(total);
        assertThat(published.stream().map(TopicEvent::id).distinct().count()).isEqualTo(total);

        await().until(() -> onA.stream().mapToInt(l -> l.events.size()).sum() == total
                && onB.stream().mapToInt(l -> l.events.size()).sum() == total);
        for (int t = 0; t < topics.size(); t++) {
            String topic = topics.get(t);
            List<Long> expected = published.stream().filter(e -> e.topic().equals(topic)).map(TopicEvent::id).sorted()
                    .toList();
            assertThat(onA.get(t).ids()).as("on A, %s", topic).containsExactlyElementsOf(expected);
            assertThat(onB.get(t).ids()).as("on B, %s", topic).containsExactlyElementsOf(expected);
            assertThat(onB.get(t).data()).containsExactlyElementsOf(onA.get(t).data());
        }
        // Each publisher's own events are in the order it published them.
        for (Future<List<TopicEvent>> result : results) {
            List<Long> ids = result.get().stream().map(TopicEvent::id).toList();
            assertThat(ids).isSorted();
        }
    }

    @Test
    void aSubscriberResumesOnTheOtherServerAfterAnIdItSawOnTheFirstWithoutAGapOrADuplicate() {
        Topics a = server();
        Topics b = server();
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            published.add(a.publish("news", String.valueOf(i)));
        }
        long sawOnA = published.get(4).id();
        await().until(() -> b.replay("news", 0, 100).events().size() == 10);

        RecordingListener onB = new RecordingListener();
        b.subscribe("news", sawOnA, onB);
        a.publish("news", "11");

        await().until(() -> onB.events.size() == 6);
        assertThat(onB.data()).containsExactly("6", "7", "8", "9", "10", "11");
        assertThat(onB.gaps).isEmpty();
        Replay polled = b.replay("news", sawOnA, 100);
        assertThat(polled.gap()).isFalse();
        assertThat(polled.events()).hasSize(6);
    }

    @Test
    void aServerThatStartsLateReadsTheLogBackAndResumesFromBeforeItsStartWithoutAGap() {
        Topics a = server();
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            published.add(a.publish(i % 2 == 0 ? "even" : "odd", String.valueOf(i)));
        }

        Topics late = server();

        assertThat(late.replay("even", 0, 100).events()).extracting(TopicEvent::id).containsExactlyElementsOf(
                published.stream().filter(e -> e.topic().equals("even")).map(TopicEvent::id).toList());
        RecordingListener resumed = new RecordingListener();
        late.subscribe("odd", published.get(2).id(), resumed);
        assertThat(resumed.gaps).isEmpty();
        assertThat(resumed.data()).containsExactly("5", "7", "9", "11", "13", "15", "17", "19");
        assertThat(late.lastId()).isGreaterThanOrEqualTo(published.get(19).id());
    }

    @Test
    void aServerThatStartsAfterTheLogWasTrimmedHoldsTheRestAndReportsAGapBeforeIt() {
        RedisTopicBusOptions small = RedisTopicBusOptions.of(config).withLogSize(10);
        Topics a = server(small);
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            published.add(a.publish("news", String.valueOf(i)));
        }

        Topics late = server(small);

        assertThat(late.replay("news", 0, 100).events()).extracting(TopicEvent::data)
                .containsExactly("16", "17", "18", "19", "20", "21", "22", "23", "24", "25");
        // After event 3 the log no longer reaches back: a gap. After event 15 (just before what it holds): none.
        assertThat(late.replay("news", published.get(2).id(), 100).gap()).isTrue();
        RecordingListener resumed = new RecordingListener();
        late.subscribe("news", published.get(14).id(), resumed);
        assertThat(resumed.gaps).isEmpty();
        assertThat(resumed.events).hasSize(10);
        RecordingListener tooOld = new RecordingListener();
        late.subscribe("news", published.get(13).id(), tooOld);
        assertThat(tooOld.gaps).containsExactly(published.get(13).id());
    }

    @Test
    void aReaderWhoseConnectionIsKilledGoesOnAfterTheLastEventItRead() {
        Topics a = server();
        Topics b = server();
        RecordingListener onB = new RecordingListener();
        b.subscribe("ticks", -1, onB);
        a.publish("ticks", "0");
        await().until(() -> onB.events.size() == 1);

        killClients(LogReader.ROLE);
        List<Long> published = new ArrayList<>();
        published.add(onB.events.get(0).id());
        for (int i = 1; i < 20; i++) {
            // A publication returns once A's own reader read it: published at once, A's reader reconnects first.
            published.add(publishRetrying(a, "ticks", String.valueOf(i)).id());
        }

        await().until(() -> onB.events.size() == 20);
        assertThat(onB.ids()).containsExactlyElementsOf(published);
        assertThat(onB.gaps).isEmpty();
        assertThat(b.replay("ticks", published.get(0), 100).gap()).isFalse();
    }

    @Test
    void aPublisherWhoseConnectionIsKilledFailsWithAReasonOrPublishesNeverTwice() {
        Topics a = server();
        Topics b = server();
        RecordingListener onB = new RecordingListener();
        b.subscribe("ticks", -1, onB);
        a.publish("ticks", "0");

        killClients(RedisTopicBus.PUBLISHER_ROLE);
        List<String> accepted = new ArrayList<>(List.of("0"));
        for (int i = 1; i <= 5; i++) {
            try {
                a.publish("ticks", String.valueOf(i));
                accepted.add(String.valueOf(i));
            } catch (dev.parley.push.PushException e) {
                assertThat(e.reason()).isEqualTo(RedisTopicBus.UNAVAILABLE);
            }
        }

        assertThat(accepted).contains("5"); // the connection is opened again
        await().until(() -> onB.events.size() == accepted.size());
        assertThat(onB.data()).containsExactlyElementsOf(accepted);
    }

    @Test
    void eventsTrimmedFromTheLogWhileAServerLaggedAreAGapThere() throws Exception {
        RedisTopicBusOptions small = RedisTopicBusOptions.of(config).withLogSize(10);
        Topics a = server(small);
        Topics b = server(small);
        RedisTopicBus busOfB = bus(b);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // B's reader stops inside this listener (a stand-in for a server that is away) until released.
        b.subscribe("stall", -1, event -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TopicEvent first = a.publish("news", "1");
        await().until(() -> b.replay("news", 0, 10).events().size() == 1);
        a.publish("stall", "0");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 2; i <= 30; i++) {
            published.add(a.publish("news", String.valueOf(i)));
        }
        release.countDown();

        await().until(() -> b.lastId() == published.get(published.size() - 1).id());
        assertThat(busOfB.misses()).isEqualTo(1);
        assertThat(b.replay("news", first.id(), 100).gap()).isTrue();
        // What B holds after the break: the ten events the log kept, joined without a gap to the one before them.
        Replay kept = b.replay("news", published.get(18).id(), 100);
        assertThat(kept.gap()).isFalse();
        assertThat(kept.events()).extracting(TopicEvent::data)
                .containsExactlyElementsOf(IntStream.rangeClosed(21, 30).mapToObj(String::valueOf).toList());
    }

    @Test
    void anEntryThatIsNotAnEventIsDroppedCountedAndReportedAsAGap() {
        Topics a = server(RedisTopicBusOptions.of(config).withMaxDataBytes(100));
        RedisTopicBus bus = bus(a);
        TopicEvent before = a.publish("news", "1");
        long forged = before.id() + 1;
        // Another writer, or another version: data past this server's bound.
        redis.sync().xadd("{" + prefix + "}:log", new io.lettuce.core.XAddArgs().id(forged + "-0"),
                java.util.Map.of("t", "news", "d", "\"" + "x".repeat(200) + "\"", "p", String.valueOf(before.id()),
                        "m", "1"));
        redis.sync().set("{" + prefix + "}:last-id", String.valueOf(forged));
        TopicEvent after = a.publish("news", "2");

        assertThat(bus.decodeFailures()).isEqualTo(1);
        assertThat(a.replay("news", 0, 10).events()).extracting(TopicEvent::data).containsExactly("1", "2");
        // A subscriber that saw "1" on a server that read the forged entry may have missed it: told so.
        assertThat(a.replay("news", before.id(), 10).gap()).isTrue();
        assertThat(a.replay("news", forged, 10).gap()).isFalse();
        assertThat(a.replay("news", forged, 10).events()).extracting(TopicEvent::id).containsExactly(after.id());
    }

    private static TopicEvent publishRetrying(Topics hub, String topic, String data) {
        TopicEvent[] published = new TopicEvent[1];
        await().ignoreException(dev.parley.push.PushException.class).until(() -> {
            published[0] = hub.publish(topic, data);
            return true;
        });
        return published[0];
    }

    /** CLIENT KILL of this test's connections of the role. */
    private void killClients(String role) {
        String name = RedisTopicBusOptions.defaults().withKeyPrefix(prefix).clientName(role);
        for (String line : redis.sync().clientList().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                long id = Long.parseLong(line.replaceAll(".*\\bid=(\\d+).*", "$1"));
                redis.sync().clientKill(KillArgs.Builder.id(id));
            }
        }
    }

    private RedisTopicBus bus(Topics hub) {
        return buses.get(hub);
    }
}
