package dev.parley.adapter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The Node.js side of a cluster test ({@code parley-testkit/node/cluster-peer.mjs}): a socket.io server with
 * the official Redis adapter, official socket.io-client clients and the official emitter, driven by commands.
 */
final class ClusterPeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final NodeProcess node;
    private final AtomicInteger ids = new AtomicInteger();

    ClusterPeer(String key, Duration requestsTimeout) throws InterruptedException {
        this(key, requestsTimeout, Map.of());
    }

    ClusterPeer(String key, Duration requestsTimeout, String redisUrl) throws InterruptedException {
        this(key, requestsTimeout, Map.of("REDIS_URL", redisUrl));
    }

    /** With more variables for the script, such as {@code REDIS_URL} or {@code REDIS_CLUSTER} (comma-separated node URLs). */
    ClusterPeer(String key, Duration requestsTimeout, Map<String, String> env) throws InterruptedException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("KEY", key);
        all.put("REQUESTS_TIMEOUT", String.valueOf(requestsTimeout.toMillis()));
        node = NodeProcess.start(all, "cluster-peer.mjs");
        node.await(l -> l.contains("\"ready\""), Duration.ofSeconds(20));
    }

    /** Sends a command and returns its reply; fails the test if the command failed in Node. */
    Map<String, Object> call(String op, Object... keysAndValues) throws InterruptedException {
        Map<String, Object> command = new LinkedHashMap<>();
        int id = ids.incrementAndGet();
        command.put("id", id);
        command.put("op", op);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            command.put((String) keysAndValues[i], toWire(keysAndValues[i + 1]));
        }
        node.send(write(command));
        Map<String, Object> reply = parse(node.await(
                l -> l.startsWith("{\"id\":" + id + ",") || l.equals("{\"id\":" + id + "}"), Duration.ofSeconds(20)));
        if (reply.containsKey("failed")) {
            throw new AssertionError("Node failed " + op + ": " + reply.get("failed"));
        }
        return fromWire(reply);
    }

    /** The next observation ({@code ev}) that matches, waiting up to 10 s. */
    Map<String, Object> await(String ev, Predicate<Map<String, Object>> matches) throws InterruptedException {
        return fromWire(parse(node.await(l -> {
            if (!l.startsWith("{\"ev\":\"" + ev + "\"")) {
                return false;
            }
            return matches.test(fromWire(parse(l)));
        }, Duration.ofSeconds(10))));
    }

    /** Observations of this kind that were printed and not taken yet. */
    List<Map<String, Object>> printed(String ev, Predicate<Map<String, Object>> matches) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (String line : node.printed(l -> l.startsWith("{\"ev\":\"" + ev + "\""))) {
            Map<String, Object> o = fromWire(parse(line));
            if (matches.test(o)) {
                found.add(o);
            }
        }
        return found;
    }

    long pid() {
        return node.pid();
    }

    @Override
    public void close() {
        node.close();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, MAP);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON from Node: " + line, e);
        }
    }

    private static Object toWire(Object value) {
        if (value instanceof byte[] bytes) {
            return Map.of("$bin", Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ClusterPeer::toWire).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, toWire(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static <T> T fromWire(T value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$bin") instanceof String b64) {
                return (T) Base64.getDecoder().decode(b64);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), fromWire(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(fromWire(v)));
            return (T) copy;
        }
        return value;
    }
}
