package dev.parley.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.cluster.Departure;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.cluster.UserRateLimit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several chat nodes' presence and rate limits in the real Redis on 127.0.0.1:6379, each test under a key prefix
 * of its own: first and last tabs across nodes, a leave on one node for every tab, a stopped node's users gone
 * once its liveness key expires and announced by one node only, one version counter, limits per user over all
 * nodes, attempt limits per key over all nodes.
 */
class RedisChatClusterIT {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration SHORT_TTL = Duration.ofMillis(500);

    private final List<RedisChatCluster> nodes = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void prefix() {
        prefix = "parley-chat-it-" + UUID.randomUUID();
    }

    @AfterEach
    void closeAndClean() {
        nodes.forEach(RedisChatCluster::close);
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            List<String> keys = redis.sync().keys(prefix + "*"); // a test's few keys: KEYS is fine here
            if (!keys.isEmpty()) {
                redis.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    private RedisChatCluster node(Duration ttl) {
        RedisChatCluster node = RedisChatCluster.connect(REDIS, prefix, ttl);
        nodes.add(node);
        return node;
    }

    @Test
    void aUserWithATabOnEachNodeIsOnlineAndInTheRoomUntilBothClose() {
        PresenceRegistry one = node(TTL).presence();
        PresenceRegistry two = node(TTL).presence();

        assertThat(one.connect("alice", "tab-1")).as("first tab anywhere").isTrue();
        assertThat(two.connect("alice", "tab-2")).as("a second tab, on the other node").isFalse();
        assertThat(one.join("alice", "tab-1", "general")).isTrue();
        assertThat(two.join("alice", "tab-2", "general")).isFalse();
        assertThat(two.join("alice", "tab-2", "general")).as("again: nothing changes").isFalse();
        assertThat(two.connect("bob", "tab-3")).isTrue();
        assertThat(two.join("bob", "tab-3", "general")).isTrue();

        assertThat(one.members("general")).containsExactly("alice", "bob");
        assertThat(two.memberCount("general")).isEqualTo(2);
        assertThat(one.memberCounts(List.of("empty", "general"))).containsExactly(0, 2);
        assertThat(one.tabs("alice")).isEqualTo(2);
        assertThat(one.onlineAfter(null, 10)).containsExactly("alice", "bob");
        assertThat(two.onlineAfter("alice", 10)).containsExactly("bob");
        assertThat(two.onlineAfter(null, 1)).containsExactly("alice");

        assertThat(one.disconnect("alice", "tab-1")).isEqualTo(Departure.none("alice"));
        assertThat(one.isOnline("alice")).isTrue();
        assertThat(two.inRoom("alice", "general")).isTrue();
        assertThat(two.disconnect("alice", "tab-2")).isEqualTo(new Departure("alice", List.of("general"), true));
        assertThat(one.isOnline("alice")).isFalse();
        assertThat(one.members("general")).containsExactly("bob");
        assertThat(one.disconnect("alice", "tab-1")).as("already gone").isEqualTo(Departure.none("alice"));
    }

    @Test
    void aLeaveOnOneNodeTakesTheUsersTabsOnEveryNodeOutOfTheRoom() {
        PresenceRegistry one = node(TTL).presence();
        PresenceRegistry two = node(TTL).presence();
        one.connect("alice", "tab-1");
        two.connect("alice", "tab-2");
        one.join("alice", "tab-1", "ops");
        two.join("alice", "tab-2", "ops");
        one.join("alice", "tab-1", "general");
        assertThat(two.roomsOf("alice")).isEqualTo(2);
        assertThat(one.roomNamesOf("alice")).as("from either node, each room once").containsExactly("general", "ops");

        assertThat(two.leave("alice", "ops")).isTrue();
        assertThat(one.inRoom("alice", "ops")).isFalse();
        assertThat(one.roomsOf("alice")).isEqualTo(1);
        assertThat(two.roomNamesOf("alice")).containsExactly("general");
        assertThat(one.leave("alice", "ops")).as("not in it any more").isFalse();
        // The tab that had joined it leaves nothing more behind when it closes.
        assertThat(one.disconnect("alice", "tab-1")).isEqualTo(new Departure("alice", List.of("general"), false));
        assertThat(two.join("alice", "tab-2", "ops")).as("joining again is a first join").isTrue();
    }

    @Test
    void aStoppedNodesUsersGoOfflineWhenItsKeyExpiresAnnouncedByOneNodeOnly() {
        RedisChatCluster dying = node(SHORT_TTL);
        PresenceRegistry two = node(SHORT_TTL).presence();
        PresenceRegistry three = node(SHORT_TTL).presence();
        List<List<Departure>> announced = new CopyOnWriteArrayList<>();
        two.onNodeDeparture(announced::add);
        three.onNodeDeparture(announced::add);

        PresenceRegistry one = dying.presence();
        one.connect("alice", "a1");
        one.join("alice", "a1", "general");
        one.join("alice", "a1", "ops");
        one.connect("bob", "b1");
        one.join("bob", "b1", "general");
        two.connect("bob", "b2");
        two.join("bob", "b2", "general");
        assertThat(two.isOnline("alice")).isTrue();

        dying.close(); // no more beats, nothing removed: as a SIGKILL leaves it
        await().atMost(Duration.ofSeconds(30)).until(() -> !announced.isEmpty());

        assertThat(announced).hasSize(1);
        assertThat(announced.get(0)).extracting(Departure::user).containsExactlyInAnyOrder("alice", "bob");
        Departure alice = announced.get(0).stream().filter(d -> d.user().equals("alice")).findFirst().orElseThrow();
        assertThat(alice.offline()).isTrue();
        assertThat(alice.roomsLeft()).containsExactlyInAnyOrder("general", "ops");
        // Bob is still there with his tab on node two.
        assertThat(announced.get(0)).contains(Departure.none("bob"));
        assertThat(three.onlineAfter(null, 10)).containsExactly("bob");
        assertThat(three.members("general")).containsExactly("bob");
        assertThat(three.memberCount("ops")).isZero();
        assertThat(three.tabs("bob")).isEqualTo(1);
    }

    @Test
    void aNodeTakenForDeadWhileAliveIsToldAtItsNextBeat() {
        RedisChatCluster paused = node(TTL);
        PresenceRegistry other = node(SHORT_TTL).presence();
        List<List<Departure>> announced = new CopyOnWriteArrayList<>();
        other.onNodeDeparture(announced::add);
        java.util.concurrent.atomic.AtomicInteger forgotten = new java.util.concurrent.atomic.AtomicInteger();
        paused.presence().onNodeForgotten(forgotten::incrementAndGet);
        paused.presence().connect("alice", "a1");

        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            // Its key gone as if it had expired during a pause, until the other node has reaped it.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                redis.sync().del(prefix + ":alive:" + paused.nodeId());
                return !announced.isEmpty();
            });
        } finally {
            client.shutdown();
        }
        assertThat(announced.get(0)).containsExactly(new Departure("alice", List.of(), true));
        await().atMost(Duration.ofSeconds(30)).until(() -> forgotten.get() >= 1);
        assertThat(other.isOnline("alice")).isFalse();
    }

    @Test
    void theListsHaveOneVersionCounterForAllNodes() {
        PresenceRegistry one = node(TTL).presence();
        PresenceRegistry two = node(TTL).presence();
        long first = one.nextVersion();
        long second = two.nextVersion();
        assertThat(second).isGreaterThan(first);
        assertThat(one.version()).isEqualTo(second);
    }

    @Test
    void aRateLimitCountsAUsersActionsOnEveryNode() {
        UserRateLimit one = node(TTL).rateLimit("messages", 3, Duration.ofMinutes(1));
        UserRateLimit two = node(TTL).rateLimit("messages", 3, Duration.ofMinutes(1));
        assertThat(one.tryAcquire("alice")).isTrue();
        assertThat(one.tryAcquire("alice")).isTrue();
        assertThat(one.retryAfter("alice")).isZero();
        assertThat(two.tryAcquire("alice")).isTrue();
        assertThat(two.tryAcquire("alice")).as("the fourth in the window, on either node").isFalse();
        assertThat(one.tryAcquire("alice")).isFalse();
        assertThat(one.retryAfter("alice")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(two.tryAcquire("bob")).as("per user").isTrue();
        UserRateLimit typing = nodes.get(0).rateLimit("typing", 1, Duration.ofMinutes(1));
        assertThat(typing.tryAcquire("alice")).as("each limit counts apart").isTrue();
    }

    @Test
    void aLimitPassesAgainOnceItsWindowHasGone() {
        UserRateLimit one = node(TTL).rateLimit("room-actions", 1, Duration.ofMillis(200));
        UserRateLimit two = node(TTL).rateLimit("room-actions", 1, Duration.ofMillis(200));
        assertThat(one.tryAcquire("alice")).isTrue();
        // Awaited, not slept: it passes once Redis's clock says the window is over.
        await().atMost(Duration.ofSeconds(10)).until(() -> two.tryAcquire("alice"));
        assertThat(one.tryAcquire("alice")).isFalse();
    }

    @Test
    void aTokenBucketCountsAUsersReadsOnEveryNode() {
        UserRateLimit one = node(TTL).tokenBucket("reads", 3, 1);
        UserRateLimit two = node(TTL).tokenBucket("reads", 3, 1);
        assertThat(one.tryAcquire("alice")).isTrue();
        assertThat(two.tryAcquire("alice")).isTrue();
        assertThat(one.retryAfter("alice")).isZero();
        assertThat(two.tryAcquire("alice")).isTrue();
        assertThat(one.tryAcquire("alice")).as("the fourth of a burst of 3, on either node").isFalse();
        assertThat(two.tryAcquire("alice")).isFalse();
        // A token a second: back within a second of the last one taken.
        assertThat(two.retryAfter("alice")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(two.tryAcquire("bob")).as("per user").isTrue();
        assertThat(nodes.get(0).tokenBucket("search", 1, 1).tryAcquire("alice")).as("each bucket apart").isTrue();
        assertThat(nodes.get(0).rateLimit("reads", 1, Duration.ofMinutes(1)).tryAcquire("alice"))
                .as("a bucket and a sliding log of one name apart").isTrue();
    }

    @Test
    void aTokenComesBackAtTheRateAndTheBucketExpiresOnceFull() {
        UserRateLimit one = node(TTL).tokenBucket("reads", 2, 5);
        UserRateLimit two = node(TTL).tokenBucket("reads", 2, 5);
        assertThat(one.tryAcquire("alice")).isTrue();
        assertThat(one.tryAcquire("alice")).isTrue();
        assertThat(two.tryAcquire("alice")).isFalse();
        // Awaited, not slept: a token is back 200 ms after the last one was taken, by Redis's clock.
        await().atMost(Duration.ofSeconds(10)).until(() -> two.tryAcquire("alice"));
        assertThat(one.tryAcquire("alice")).isFalse();
        // Full again 400 ms later at most (2 tokens at 5 a second): the key goes, Redis keeps no idle user.
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String key = prefix + ":bucket:reads:alice";
            assertThat(redis.sync().pttl(key)).isPositive().isLessThanOrEqualTo(401);
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.sync().exists(key) == 0);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anAttemptLimitCountsAKeysAttemptsOnEveryNodeAndGivesRefundsBack() {
        AttemptLimit one = node(TTL).attemptLimit("registrations", 3, Duration.ofMinutes(1), 100);
        AttemptLimit two = node(TTL).attemptLimit("registrations", 3, Duration.ofMinutes(1), 100);
        InetSocketAddress client = new InetSocketAddress("192.0.2.7", 40000);
        InetSocketAddress samePortLater = new InetSocketAddress("192.0.2.7", 40001);
        assertThat(one.tryAcquire(client)).isTrue();
        assertThat(two.tryAcquire(samePortLater)).as("per address, not per port").isTrue();
        assertThat(one.tryAcquire(client)).isTrue();
        assertThat(two.tryAcquire(client)).as("the fourth in the window, on either node").isFalse();
        assertThat(one.tryAcquire(client)).isFalse();
        two.refund(client);
        assertThat(one.tryAcquire(client)).as("a refund on one node frees a place on the other").isTrue();
        assertThat(two.tryAcquire(new InetSocketAddress("192.0.2.8", 40000))).as("another address").isTrue();
        AttemptLimit signIns = nodes.get(0).attemptLimit("sign-in", 1, Duration.ofMinutes(1), 100);
        assertThat(signIns.tryAcquire(AttemptLimit.addressKey(client))).as("each limit counts apart").isTrue();
    }

    @Test
    void failuresOnOneNodeBlockTheKeyOnTheOtherUntilTheWindowHasGone() {
        AttemptLimit one = node(TTL).attemptLimit("auth-failures", 2, Duration.ofMillis(500), 100);
        AttemptLimit two = node(TTL).attemptLimit("auth-failures", 2, Duration.ofMillis(500), 100);
        assertThat(two.blocked("bob")).isFalse();
        one.failed("bob");
        assertThat(two.blocked("bob")).as("one failure of two").isFalse();
        two.failed("bob");
        assertThat(one.blocked("bob")).isTrue();
        assertThat(two.blocked("bob")).isTrue();
        assertThat(one.blocked("carol")).as("per key").isFalse();
        // Awaited, not slept: it passes once Redis has let the window's counter expire.
        await().atMost(Duration.ofSeconds(10)).until(() -> !two.blocked("bob"));
        assertThat(one.blocked("bob")).isFalse();
    }
}
