package dev.parley.adapter.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Node.js side of a streams cluster test ({@code parley-testkit/node/streams-peer.mjs}): a socket.io
 * server with the official {@code @socket.io/redis-streams-adapter} and connection state recovery, and
 * official socket.io-client clients that drop and come back on any server.
 */
final class StreamsPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final NodeProcess node;
    private final AtomicInteger ids = new AtomicInteger();

    StreamsPeer(Map<String, String> env) throws InterruptedException {
        node = NodeProcess.start(env, "streams-peer.mjs");
        node.await(l -> l.contains("\"ready\""), Duration.ofSeconds(20));
    }

    /** Sends a command and returns its reply; fails the test if the command failed in Node. */
    Map<String, Object> call(String op, Object... keysAndValues) throws InterruptedException {
        Map<String, Object> command = new LinkedHashMap<>();
        int id = ids.incrementAndGet();
        command.put("id", id);
        command.put("op", op);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            command.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        node.send(write(command));
        Map<String, Object> reply = parse(node.await(
                l -> l.startsWith("{\"id\":" + id + ",") || l.equals("{\"id\":" + id + "}"), Duration.ofSeconds(20)));
        if (reply.containsKey("failed")) {
            throw new AssertionError("Node failed " + op + ": " + reply.get("failed"));
        }
        return reply;
    }

    /** The arguments of every event a client received so far, in order of arrival. */
    List<List<Object>> events(String client, String event) {
        List<List<Object>> found = new ArrayList<>();
        for (String line : node.printed(l -> l.startsWith("{\"ev\":\"client-event\""))) {
            Map<String, Object> o = parse(line);
            if (client.equals(o.get("name")) && event.equals(o.get("event"))) {
                @SuppressWarnings("unchecked")
                List<Object> args = (List<Object>) o.get("args");
                found.add(args);
            }
        }
        return found;
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
}
