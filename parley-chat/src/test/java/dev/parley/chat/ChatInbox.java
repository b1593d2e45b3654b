package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;

/**
 * Every event one connection receives, in order (the client's {@code onAnyIncoming}), so that a test can say
 * exactly what comes next: "nothing else arrived" is proven by a sentinel event that must be the next one.
 */
final class ChatInbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /** An event as received: its name and its first argument. */
    record Event(String name, JSONObject payload) {
    }

    /** Records the socket's events from now on; call it before {@code connect()} to see the first ones. */
    static ChatInbox of(Socket socket) {
        ChatInbox inbox = new ChatInbox();
        socket.onAnyIncoming(args -> inbox.events.add(new Event((String) args[0],
                args.length > 1 && args[1] instanceof JSONObject o ? o : null)));
        return inbox;
    }

    /**
     * Drops events up to and including the room message with this text. A sentinel sent by a user comes
     * after everything that user's earlier requests made the server emit (handlers run in order per
     * connection), while an ack alone is no barrier: a handler acks before it notifies the others.
     */
    ChatInbox skipPast(String sentinel) throws Exception {
        Event e;
        do {
            e = next();
        } while (!(e.name().equals("message") && sentinel.equals(e.payload().optString("text"))));
        return this;
    }

    Event next() throws InterruptedException {
        Event e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    /** The next event is {@code name} with exactly this payload; returns it. */
    Event expect(String name, String payloadJson) throws Exception {
        Event e = next();
        assertThat(e.name()).as("event after " + name + "?").isEqualTo(name);
        assertThat(tree(e.payload())).as(name + " payload " + e.payload()).isEqualTo(JSON.readTree(payloadJson));
        return e;
    }

    /**
     * The next event is {@code name}, exactly this payload apart from its {@code ts}, which must be the
     * server's time in epoch milliseconds between {@code since} and now.
     */
    Event expectStamped(String name, String payloadJson, long since) throws Exception {
        Event e = next();
        assertThat(e.name()).isEqualTo(name);
        JSONObject copy = new JSONObject(e.payload().toString());
        long ts = copy.getLong("ts");
        copy.remove("ts");
        assertThat(tree(copy)).as(name + " payload " + e.payload()).isEqualTo(JSON.readTree(payloadJson));
        assertThat(ts).isBetween(since, System.currentTimeMillis());
        return e;
    }

    /** Drops events up to the first named {@code name}, and returns that one. */
    Event skipUntil(String name) throws Exception {
        Event e;
        do {
            e = next();
        } while (!e.name().equals(name));
        return e;
    }

    /** Every event received so far and not yet taken, without waiting. */
    java.util.List<Event> drain() {
        java.util.List<Event> all = new java.util.ArrayList<>();
        events.drainTo(all);
        return all;
    }

    static JsonNode tree(Object json) throws Exception {
        return JSON.readTree(String.valueOf(json));
    }
}
