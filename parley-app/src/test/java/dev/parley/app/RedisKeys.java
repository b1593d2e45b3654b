package dev.parley.app;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;

/** Cleaning after a test in the CI's Redis on 127.0.0.1:6379. */
final class RedisKeys {
    private static final String REDIS = "redis://127.0.0.1:6379";

    private RedisKeys() {
    }

    /**
     * Deletes every key under {@code prefix}: what a test's nodes left (the chat's presence stays after its last
     * node stops, for the next one to clean).
     */
    static void deleteAll(String prefix) {
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
}
