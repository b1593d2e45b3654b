package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The golden fixtures of {@link StreamEntriesTest}, captured again now from the installed
 * {@code @socket.io/redis-streams-adapter} (its pinned 0.3.1) on the Redis at 127.0.0.1:6379 by
 * {@code parley-testkit/node/streams-capture.mjs}: the same checks must hold for a fresh capture, so the
 * checked-in file cannot drift from what the package writes.
 */
class StreamsWireGoldenIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFreshCaptureReadsAndWritesBackAsTheFixtures() throws Exception {
        String prefix = "streams-golden-" + UUID.randomUUID().toString().substring(0, 8);
        NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(60), "streams-capture.mjs",
                "redis://127.0.0.1:6379", prefix + "-stream", prefix, prefix + ":session:");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Map<String, Object>> capture = new ArrayList<>();
        for (String line : result.lines()) {
            capture.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { }));
        }
        StreamEntriesTest.checkEntries(capture);
        StreamEntriesTest.checkPayloads(capture);
        StreamEntriesTest.checkSession(capture);
        // The same shapes as the checked-in fixtures: one line per kind and label, in the same order.
        assertThat(shape(capture)).isEqualTo(shape(StreamEntriesTest.capture()));
    }

    private static List<String> shape(List<Map<String, Object>> capture) {
        List<String> shape = new ArrayList<>();
        for (Map<String, Object> line : capture) {
            Object fields = line.get("fields");
            shape.add(line.get("kind") + ":" + line.getOrDefault("label", "")
                    + (fields instanceof Map<?, ?> m ? ":" + m.keySet() + ":" + m.get("type") : ""));
        }
        return shape;
    }
}
