package dev.parley.push.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.push.PushConfig;
import dev.parley.push.PushException;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.testkit.RedisProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis of the test's own ({@link RedisProcess}, no persistence) that goes away and comes back empty: a
 * publication fails with a reason meanwhile, and the servers go on; what they cannot vouch for is a gap.
 */
class RedisTopicBusRestartIT {
    private final PushConfig config = PushConfig.defaults();
    private RedisProcess redis;
    private Topics a;
    private Topics b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPublicationWhileRedisIsDownFailsWithAReasonAndTheServersGoOnWhenItIsBack() {
        redis = RedisProcess.startOnFreePort();
        RedisTopicBus busOfB = RedisTopicBus.connect(redis.uri(), "restart", config);
        a = Topics.create(config, RedisTopicBus.connect(redis.uri(), "restart", config));
        b = Topics.create(config, busOfB);
        RecordingListener onB = new RecordingListener();
        b.subscribe("news", -1, onB);
        TopicEvent before = a.publish("news", "1");
        await().until(() -> onB.events.size() == 1);

        busOfB.ping();
        redis.kill();
        assertThatThrownBy(busOfB::ping).isInstanceOf(PushException.class);
        assertThatThrownBy(() -> a.publish("news", "\"lost\""))
                .isInstanceOfSatisfying(PushException.class,
                        e -> assertThat(e.reason()).isEqualTo(RedisTopicBus.UNAVAILABLE))
                .hasMessageContaining(redis.uri());
        redis.start();
        TopicEvent[] after = new TopicEvent[1];
        await().ignoreException(PushException.class).until(() -> {
            after[0] = a.publish("news", "2");
            return true;
        });

        await().until(() -> onB.events.size() == 2);
        assertThat(onB.data()).containsExactly("1", "2");
        // Redis's clock went on: ids still increase though its counter was lost with its data.
        assertThat(after[0].id()).isGreaterThan(before.id());
        // Redis numbered anew: B cannot tell whether events after "1" were lost with it, so resuming there is a gap.
        assertThat(busOfB.misses()).isEqualTo(1);
        assertThat(b.replay("news", before.id(), 10).gap()).isTrue();
        assertThat(b.replay("news", after[0].id() - 1, 10).gap()).isFalse();
    }

    @Test
    void aRedisThatCannotBeReachedAtStartupIsAClearErrorWithoutThePassword() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String uri = "redis://:s3cret-pw@127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> RedisTopicBus.connect(uri, "nowhere", config))
                .isInstanceOfSatisfying(PushException.class,
                        e -> assertThat(e.reason()).isEqualTo(RedisTopicBus.UNAVAILABLE))
                .hasMessageContaining("redis://:***@127.0.0.1:" + closedPort)
                .hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> RedisTopicBus.connect("redis://:s3cret-pw@127.0.0.1:7000,127.0.0.1:7001", "c", config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on a Redis Cluster")
                .hasMessageNotContaining("s3cret-pw");
    }
}
