package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat's rules over two {@code parley serve} nodes (one PostgreSQL database, one Redis, departures at once)
 * with the official Java Socket.IO client: a user with a tab on each node is online, and in the room, until
 * both close, announced once; the message rate limit counts a user's messages on both nodes; a
 * {@code room:leave} on one node takes the user's tab on the other out of the room; typing and private messages
 * cross the nodes.
 */
class ChatClusterProtocolIT {
    private static final String REDIS = TwoChatNodes.REDIS;
    private static final long WAIT_SECONDS = 20;

    @TempDir
    static Path dataDir;

    private static TwoChatNodes nodes;
    private static ServeProcess nodeA;
    private static ServeProcess nodeB;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoChatNodes.start("parley-chat-protocol-", dataDir, Map.of("PARLEY_LEAVE_GRACE", "0s"));
        nodeA = nodes.a;
        nodeB = nodes.b;
        redisClient = RedisClient.create(REDIS);
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (redis != null) {
                redis.close();
                redisClient.shutdown();
            }
        } finally {
            if (nodes != null) {
                nodes.close();
            }
        }
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(Socket::close);
    }

    /** A connection and every event it received, in order, as {@code [event, payload]}. */
    private record Tab(Socket socket, BlockingQueue<Object[]> events, String token) {
        /** The events up to the room message {@code text}, which ends the list (a sentinel: nothing else is late). */
        List<String> until(String text) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            while (true) {
                Object[] event = next();
                seen.add(event[0] + " " + event[1]);
                if (event[0].equals("message") && ((JSONObject) event[1]).optString("text").equals(text)) {
                    return seen;
                }
            }
        }

        /** The next event that is not one of {@code skipped} within {@code seconds}, or null. */
        Object[] within(long seconds, String... skipped) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                Object[] event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null || !List.of(skipped).contains((String) event[0])) {
                    return event;
                }
            }
        }

        /** The next event that is not one of {@code skipped}, within the wait. */
        Object[] next(String... skipped) throws InterruptedException {
            while (true) {
                Object[] event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(event).as("an event").isNotNull();
                if (!List.of(skipped).contains((String) event[0])) {
                    return event;
                }
            }
        }
    }

    private Tab connect(ServeProcess node, Map<String, String> auth) throws Exception {
        Socket socket = TwoChatNodes.socket(node, auth);
        BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();
        CompletableFuture<String> session = new CompletableFuture<>();
        socket.on("session", a -> session.complete(((JSONObject) a[0]).optString("token", null)));
        for (String event : List.of("message", "private", "notice", "room:member", "presence:change", "typing",
                "room:left", "message:status")) {
            socket.on(event, a -> events.add(new Object[] {event, a[0]}));
        }
        socket.connect();
        sockets.add(socket);
        String issued = session.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new Tab(socket, events, issued != null ? issued : auth.get("token"));
    }

    private Tab register(ServeProcess node, String nickname) throws Exception {
        return connect(node, Map.of("nickname", nickname));
    }

    private Tab again(ServeProcess node, Tab user) throws Exception {
        return connect(node, Map.of("token", user.token()));
    }

    private static JSONObject call(Tab tab, String event, JSONObject payload) throws Exception {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        tab.socket().emit(event, new Object[] {payload}, (Ack) a -> answer.complete(a[0]));
        return (JSONObject) answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static JSONObject join(Tab tab, String room) throws Exception {
        JSONObject answer = call(tab, "room:join", new JSONObject(Map.of("room", room)));
        assertThat(answer.getBoolean("ok")).as(answer.toString()).isTrue();
        return answer;
    }

    private static JSONObject send(Tab tab, String room, String text) throws Exception {
        return call(tab, "message:send", new JSONObject(Map.of("room", room, "text", text,
                "clientId", UUID.randomUUID().toString())));
    }

    private static List<String> names(JSONArray array) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.length(); i++) {
            names.add(array.getString(i));
        }
        return names;
    }

    /** A user with a tab on each node and another user on node B, all three in one room. */
    private record Scene(Tab onA, Tab onB, Tab other) {
    }

    private Scene twoTabsAndAnother(String user, String other, String room) throws Exception {
        Tab onA = register(nodeA, user);
        Tab onB = again(nodeB, onA);
        Tab another = register(nodeB, other);
        join(onA, room);
        join(onB, room);
        join(another, room);
        return new Scene(onA, onB, another);
    }

    private long tabsInRedis(String nickname) {
        return redis.sync().scard(nodes.key + ":chat:tabs:" + nickname);
    }

    @Test
    void aUserWithATabOnEachNodeIsThereUntilBothCloseAnnouncedOnce() throws Exception {
        Scene scene = twoTabsAndAnother("alice", "bob", "lounge");
        Tab alice = scene.onA();
        Tab aliceOnB = scene.onB();
        Tab bob = scene.other();
        assertThat(names(join(bob, "lounge").getJSONArray("members"))).containsExactly("alice", "bob");
        assertThat(names(call(bob, "presence:list", new JSONObject()).getJSONArray("online"))).contains("alice", "bob");

        alice.socket().close();
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> tabsInRedis("alice") == 1);
        send(aliceOnB, "lounge", "still here");
        // Nothing about alice leaving before her message: her tab on node B keeps her online and in the room.
        List<String> meanwhile = bob.until("still here");
        assertThat(meanwhile).noneMatch(e -> e.contains("alice left") || e.contains("\"online\":false")
                || e.contains("\"joined\":false"));

        aliceOnB.socket().close();
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> tabsInRedis("alice") == 0);
        Tab carol = register(nodeA, "carol");
        join(carol, "lounge");
        send(carol, "lounge", "sentinel");
        // Her last tab closed: the notice, the member change and the presence change, once each.
        List<String> afterwards = bob.until("sentinel");
        assertThat(afterwards).filteredOn(e -> e.startsWith("notice") && e.contains("alice left")).hasSize(1);
        assertThat(afterwards).filteredOn(e -> e.startsWith("room:member") && e.contains("\"nickname\":\"alice\"")
                && e.contains("\"joined\":false")).hasSize(1);
        assertThat(afterwards).filteredOn(e -> e.startsWith("presence:change") && e.contains("\"nickname\":\"alice\"")
                && e.contains("\"online\":false")).hasSize(1);
        assertThat(afterwards).filteredOn(e -> e.startsWith("notice") && e.contains("carol joined")).hasSize(1);
    }

    @Test
    void theMessageLimitCountsAUsersMessagesOnBothNodes() throws Exception {
        Tab dave = register(nodeA, "dave");
        Tab daveOnB = again(nodeB, dave);
        join(dave, "limits");
        join(daveOnB, "limits");
        for (int i = 0; i < 20; i++) {
            JSONObject answer = send(i % 2 == 0 ? dave : daveOnB, "limits", "m" + i);
            assertThat(answer.getBoolean("ok")).as("message %d: %s", i, answer).isTrue();
        }
        for (Tab tab : new Tab[] {dave, daveOnB}) {
            JSONObject refused = send(tab, "limits", "one too many");
            assertThat(refused.getString("code")).isEqualTo("rate_limited");
            assertThat(refused.getLong("retryAfter")).isBetween(1L, 10_000L);
        }
    }

    @Test
    void aLeaveOnOneNodeTakesTheTabOnTheOtherOutAndTypingAndPrivateMessagesCross() throws Exception {
        Scene scene = twoTabsAndAnother("erin", "frank", "studio");
        Tab erin = scene.onA();
        Tab erinOnB = scene.onB();
        Tab frank = scene.other();

        // Typing is volatile (dropped where a socket cannot take it at once, e.g. mid-upgrade), so it is sent again
        // every 2 s as a typing client does, within the typing limit (10 per 10 s).
        Object[] typing = null;
        for (int attempt = 0; attempt < 9 && typing == null; attempt++) {
            erin.socket().emit("typing", new JSONObject(Map.of("room", "studio")));
            typing = frank.within(2, "notice", "room:member", "presence:change");
        }
        assertThat(typing).as("a typing notice on the other node").isNotNull();
        assertThat(typing[0]).isEqualTo("typing");
        assertThat(((JSONObject) typing[1]).getString("from")).isEqualTo("erin");

        JSONObject sent = call(frank, "private:send", new JSONObject(Map.of("to", "erin", "text", "psst",
                "clientId", UUID.randomUUID().toString())));
        assertThat(sent.getBoolean("ok")).isTrue();
        for (Tab tab : new Tab[] {erin, erinOnB}) {
            Object[] received = tab.next("notice", "room:member", "presence:change", "typing");
            assertThat(received[0]).isEqualTo("private");
            assertThat(((JSONObject) received[1]).getString("text")).isEqualTo("psst");
        }
        erin.socket().emit("message:read", new JSONObject(Map.of("id", sent.getJSONObject("message").getLong("id"))));
        Object[] status = frank.next("notice", "room:member", "presence:change", "typing");
        assertThat(status[0]).isEqualTo("message:status");
        assertThat(((JSONObject) status[1]).getString("status")).isEqualTo("read");

        assertThat(call(erin, "room:leave", new JSONObject(Map.of("room", "studio"))).getBoolean("ok")).isTrue();
        Object[] left = erinOnB.next("notice", "room:member", "presence:change", "typing", "private");
        assertThat(left[0]).isEqualTo("room:left");
        JSONObject refused = send(erinOnB, "studio", "after leaving");
        assertThat(refused.getString("code")).isEqualTo("not_in_room");
        Object[] notice = frank.next("room:member", "presence:change", "typing", "message:status");
        assertThat(((JSONObject) notice[1]).getString("text")).isEqualTo("erin left");
    }
}
