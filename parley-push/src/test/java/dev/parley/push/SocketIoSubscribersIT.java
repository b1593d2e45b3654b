package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.socketio.SocketIoServer;
import dev.parley.testkit.NodeProcess;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code /topics} namespace against the official npm {@code socket.io-client} (pinned in parley-testkit/node,
 * driven by {@code push-sio-peer.mjs}): acks, ordered replay and live events, resumption after a reconnection,
 * gaps, private topics, the per-socket bound, bad payloads, and one encoding per live event for all subscribers.
 * One server and one Node process for the class; each test has its own sockets (names prefixed) and topics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoSubscribersIT {
    private static final String TOKEN = WebSocketSubscribersIT.TOKEN;
    private static final int HISTORY = 5;
    private static final int MAX_SUBSCRIPTIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Broadcasts written on /topics, as their recipient counts. */
    private static final List<Integer> broadcasts = new CopyOnWriteArrayList<>();

    private static Topics topics;
    private static SocketIoServer io;
    private static ParleyServer server;
    private static NodeProcess node;
    private static int tests;
    private String prefix;

    @BeforeAll
    static void start() throws InterruptedException {
        NodeScripts.installedDirectory(); // a cold npm ci happens here, not inside a test's time
        topics = Topics.create(PushConfig.defaults().withHistorySize(HISTORY));
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .observer(new SocketIoObserver() {
                    @Override
                    public void broadcast(String namespace, int recipients) {
                        if (namespace.equals(SocketIoSubscribers.NAMESPACE)) {
                            broadcasts.add(recipients);
                        }
                    }
                })
                .build());
        SocketIoSubscribers.attach(io, topics, WebSocketSubscribersIT.AUTHORIZER,
                SubscriberOptions.defaults().withMaxSubscriptionsPerConnection(MAX_SUBSCRIPTIONS));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        node = NodeProcess.start(Map.of(), "push-sio-peer.mjs", server.url());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        node.close();
        server.stop();
        io.close();
        topics.close();
    }

    @BeforeEach
    void namePrefix() {
        prefix = "t" + (++tests) + "-";
    }

    @Test
    void aSubscriberGetsItsAckThenTheReplayThenLiveEventsInOrder() throws Exception {
        List<TopicEvent> before = publish("sio-order", 3);
        connect("a", null);
        emit("a", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "sio-order", "after", before.get(0).id()));
        assertThat(next("a").get("response")).isEqualTo(JSON.readTree("{\"ok\":true}"));
        assertEvent(next("a"), before.get(1));
        assertEvent(next("a"), before.get(2));
        TopicEvent live = topics.publish("sio-order", "{\"price\": 12.5, \"tags\": [\"a\", \"é\"], \"n\": null}");
        JsonNode event = next("a");
        assertEvent(event, live);
        assertThat(event.get("args").get(0).get("data"))
                .isEqualTo(JSON.readTree("{\"price\": 12.5, \"tags\": [\"a\", \"é\"], \"n\": null}"));
    }

    @Test
    void aSubscriberResumesAfterAReconnectionWithNoGapOrDuplicate() throws Exception {
        connect("a", null);
        emit("a", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "sio-resume", "after", -1)); // live only
        assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();
        TopicEvent seen = topics.publish("sio-resume", "1");
        assertEvent(next("a"), seen);
        command("{\"cmd\":\"disconnect\",\"name\":\"" + prefix + "a\"}");
        assertThat(next("a").get("ev").asText()).isEqualTo("disconnect");
        List<TopicEvent> missed = publish("sio-resume", 2);

        connect("a2", null);
        emit("a2", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "sio-resume", "after", seen.id()));
        assertThat(next("a2").get("response").get("ok").asBoolean()).isTrue();
        assertEvent(next("a2"), missed.get(0));
        assertEvent(next("a2"), missed.get(1));
        TopicEvent live = topics.publish("sio-resume", "4");
        assertEvent(next("a2"), live);
        assertThat(node.printed(line -> line.contains("\"" + prefix + "a2\""))).isEmpty();
    }

    @Test
    void aResumePointOlderThanTheHistoryGetsAGapBeforeTheReplay() throws Exception {
        List<TopicEvent> events = publish("sio-gap", HISTORY + 2);
        connect("a", null);
        emit("a", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "sio-gap", "after", events.get(0).id()));
        assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();
        JsonNode gap = next("a");
        assertThat(gap.get("event").asText()).isEqualTo(SocketIoSubscribers.GAP);
        assertThat(gap.get("args").get(0)).isEqualTo(JSON.readTree("{\"topic\":\"sio-gap\"}"));
        for (TopicEvent retained : events.subList(2, events.size())) {
            assertEvent(next("a"), retained);
        }
    }

    @Test
    void aPrivateTopicIsRefusedWithoutTheTokenAndServedWithIt() throws Exception {
        connect("anonymous", null);
        emit("anonymous", SocketIoSubscribers.SUBSCRIBE, "private:sio");
        JsonNode refused = next("anonymous").get("response");
        assertThat(refused.get("error").asText()).isEqualTo("forbidden");
        assertThat(refused.get("message").asText()).isNotBlank();
        emit("anonymous", SocketIoSubscribers.SUBSCRIBE,
                Map.of("topic", "private:sio", "token", WebSocketSubscribersIT.OTHER_TOPIC_TOKEN));
        assertThat(next("anonymous").get("response").get("error").asText()).isEqualTo("forbidden");

        connect("holder", TOKEN);
        emit("holder", SocketIoSubscribers.SUBSCRIBE, "private:sio");
        assertThat(next("holder").get("response").get("ok").asBoolean()).isTrue();
        emit("anonymous", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "private:sio", "token", TOKEN));
        assertThat(next("anonymous").get("response").get("ok").asBoolean()).isTrue();
        TopicEvent event = topics.publish("private:sio", "1");
        assertEvent(next("holder"), event);
        assertEvent(next("anonymous"), event);
    }

    @Test
    void aSocketFollowsAtMostTheBoundOfTopicsAndBadPayloadsAreAnswered() throws Exception {
        connect("a", null);
        for (int i = 1; i <= MAX_SUBSCRIPTIONS; i++) {
            emit("a", SocketIoSubscribers.SUBSCRIBE, "sio-bound-" + i);
            assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();
        }
        emit("a", SocketIoSubscribers.SUBSCRIBE, "sio-bound-over");
        assertThat(next("a").get("response").get("error").asText()).isEqualTo("too_many_subscriptions");
        emit("a", SocketIoSubscribers.UNSUBSCRIBE, "sio-bound-1");
        assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();
        emit("a", SocketIoSubscribers.SUBSCRIBE, "sio-bound-over");
        assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();

        emit("a", SocketIoSubscribers.SUBSCRIBE, 42);
        assertThat(next("a").get("response").get("error").asText()).isEqualTo("invalid_message");
        emit("a", SocketIoSubscribers.SUBSCRIBE, "not a topic");
        assertThat(next("a").get("response").get("error").asText()).isEqualTo("invalid_topic");
        emit("a", SocketIoSubscribers.SUBSCRIBE, Map.of("topic", "x", "after", "soon"));
        assertThat(next("a").get("response").get("error").asText()).isEqualTo("invalid_message");
        command("{\"cmd\":\"emit\",\"name\":\"" + prefix + "a\",\"event\":\"topic:subscribe\",\"payload\":{\"topic\":\"x\",\"since\":1}}");
        JsonNode unacked = next("a");
        assertThat(unacked.get("event").asText()).isEqualTo(SocketIoSubscribers.ERROR);
        assertThat(unacked.get("args").get(0).get("error").asText()).isEqualTo("invalid_message");
    }

    @Test
    void afterUnsubscribingNoMoreEventsOfThatTopicArrive() throws Exception {
        connect("a", null);
        emit("a", SocketIoSubscribers.SUBSCRIBE, "sio-leave-a");
        next("a");
        emit("a", SocketIoSubscribers.SUBSCRIBE, "sio-leave-b");
        next("a");
        emit("a", SocketIoSubscribers.UNSUBSCRIBE, Map.of("topic", "sio-leave-a"));
        assertThat(next("a").get("response").get("ok").asBoolean()).isTrue();
        topics.publish("sio-leave-a", "1");
        TopicEvent b = topics.publish("sio-leave-b", "2");
        assertEvent(next("a"), b); // leave-a's event, had it been sent, would have come first
    }

    @Test
    void everySubscriberGetsALiveEventFromOneBroadcast() throws Exception {
        List<String> names = List.of("s1", "s2", "s3", "s4");
        for (String name : names) {
            connect(name, null);
            emit(name, SocketIoSubscribers.SUBSCRIBE, "sio-fan");
            assertThat(next(name).get("response").get("ok").asBoolean()).isTrue();
        }
        broadcasts.clear();
        TopicEvent event = topics.publish("sio-fan", "{\"n\":1}");
        for (String name : names) {
            assertEvent(next(name), event);
        }
        assertThat(broadcasts).containsExactly(names.size());
    }

    private void connect(String name, String token) throws Exception {
        Map<String, Object> command = new java.util.LinkedHashMap<>(Map.of("cmd", "connect", "name", prefix + name));
        if (token != null) {
            command.put("token", token);
        }
        command(JSON.writeValueAsString(command));
        assertThat(next(name).get("ev").asText()).isEqualTo("connected");
    }

    private void emit(String name, String event, Object payload) throws Exception {
        command(JSON.writeValueAsString(Map.of("cmd", "emit", "name", prefix + name, "event", event, "payload", payload,
                "ack", true)));
    }

    private void command(String line) {
        node.send(line);
    }

    /** The next observation of socket {@code name}, in the order Node printed them. */
    private JsonNode next(String name) throws Exception {
        return JSON.readTree(node.await(line -> line.contains("\"name\":\"" + prefix + name + "\""), WAIT));
    }

    private static void assertEvent(JsonNode observation, TopicEvent expected) throws Exception {
        assertThat(observation.get("ev").asText()).as(observation.toString()).isEqualTo("event");
        assertThat(observation.get("event").asText()).isEqualTo(SocketIoSubscribers.EVENT);
        JsonNode argument = observation.get("args").get(0);
        assertThat(argument.get("topic").asText()).isEqualTo(expected.topic());
        assertThat(argument.get("id").asLong()).isEqualTo(expected.id());
        assertThat(argument.get("data")).isEqualTo(JSON.readTree(expected.data()));
    }

    private List<TopicEvent> publish(String topic, int count) {
        List<TopicEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(topics.publish(topic, String.valueOf(i)));
        }
        return events;
    }
}
