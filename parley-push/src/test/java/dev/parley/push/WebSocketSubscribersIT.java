package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.WebSocketRecorder;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /ws/topics} against the JDK's WebSocket client: the protocol, resumption, gaps, private topics, the
 * bounds, bad input and the slow-consumer policy. One server for the class; each test uses its own topics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketSubscribersIT {
    /** A real JWT of the gateway's secret allowing {@code private:*}, as a backend would mint it. */
    static final String TOKEN = TestJwts.token(null, List.of("private:*"), null);
    /** A genuine JWT that allows another private topic only. */
    static final String OTHER_TOPIC_TOKEN = TestJwts.token(null, List.of("private:other"), null);
    static final int HISTORY = 5;
    static final int MAX_SUBSCRIPTIONS = 3;
    static final long MAX_BUFFERED = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The gateway's authorizer: topics under {@code private:} need a JWT allowing them; the rest are public. */
    static final SubscribeAuthorizer AUTHORIZER = JwtSubscribeAuthorizer.of(PushOptions.builder()
            .jwtSecret(TestJwts.SECRET).privateTopics(List.of("private:*")).build());

    private static Topics topics;
    private static WebSocketSubscribers subscribers;
    private static ParleyServer server;
    private static HttpClient http;
    private final List<Client> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws InterruptedException {
        topics = Topics.create(PushConfig.defaults().withHistorySize(HISTORY));
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().maxBufferedAmount(MAX_BUFFERED).build())
                .build();
        subscribers = WebSocketSubscribers.create(topics, AUTHORIZER,
                SubscriberOptions.defaults().withMaxSubscriptionsPerConnection(MAX_SUBSCRIPTIONS), config.webSocket());
        server = new ParleyServer(config).addEndpoint(subscribers.endpoint()).start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.stop();
        topics.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(client -> client.socket.abort());
    }

    @Test
    void aSubscriberGetsLiveEventsWithTheirDataAsPublished() throws Exception {
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",\"topic\":\"live\"}");
        assertThat(client.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"live\"}");
        TopicEvent event = topics.publish("live", "{\"price\": 12.50, \"tags\": [\"a\", \"é\"]}");
        assertThat(client.next()).isEqualTo("{\"type\":\"event\",\"topic\":\"live\",\"id\":" + event.id()
                + ",\"data\":{\"price\": 12.50, \"tags\": [\"a\", \"é\"]}}");
    }

    @Test
    void resumingAfterAnIdReplaysTheRestThenLiveEventsWithNoGapOrDuplicate() throws Exception {
        List<TopicEvent> before = publish("resume", 3);
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",\"topic\":\"resume\",\"after\":" + before.get(0).id() + "}");
        assertThat(client.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"resume\"}");
        assertThat(client.nextEventId()).isEqualTo(before.get(1).id());
        assertThat(client.nextEventId()).isEqualTo(before.get(2).id());
        TopicEvent live = topics.publish("resume", "4");
        assertThat(client.nextEventId()).isEqualTo(live.id());

        Client fromStart = connect("");
        fromStart.send("{\"type\":\"subscribe\",\"topic\":\"resume\",\"after\":0}");
        fromStart.next();
        assertThat(List.of(fromStart.nextEventId(), fromStart.nextEventId(), fromStart.nextEventId(),
                fromStart.nextEventId())).containsExactly(before.get(0).id(), before.get(1).id(), before.get(2).id(),
                live.id());
    }

    @Test
    void aResumePointOlderThanTheHistoryGetsAGapBeforeTheReplay() throws Exception {
        List<TopicEvent> events = publish("gappy", HISTORY + 3);
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",\"topic\":\"gappy\",\"after\":" + events.get(0).id() + "}");
        assertThat(client.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"gappy\"}");
        assertThat(client.next()).isEqualTo("{\"type\":\"gap\",\"topic\":\"gappy\"}");
        for (TopicEvent retained : events.subList(3, events.size())) {
            assertThat(client.nextEventId()).isEqualTo(retained.id());
        }
    }

    @Test
    void aPrivateTopicNeedsTheTokenFromTheSubscriptionOrTheConnection() throws Exception {
        Client anonymous = connect("");
        anonymous.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\"}");
        JsonNode refused = JSON.readTree(anonymous.next());
        assertThat(refused.get("type").asText()).isEqualTo("error");
        assertThat(refused.get("code").asText()).isEqualTo("forbidden");
        assertThat(refused.get("topic").asText()).isEqualTo("private:orders");
        anonymous.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\",\"token\":\"wrong\"}");
        assertThat(JSON.readTree(anonymous.next()).get("code").asText()).isEqualTo("forbidden");
        anonymous.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\",\"token\":\"" + OTHER_TOPIC_TOKEN + "\"}");
        assertThat(JSON.readTree(anonymous.next()).get("code").asText()).isEqualTo("forbidden");
        anonymous.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\",\"token\":\"" + TOKEN + "\"}");
        assertThat(anonymous.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"private:orders\"}");

        Client withQueryToken = connect("?token=" + TOKEN);
        withQueryToken.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\"}");
        assertThat(withQueryToken.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"private:orders\"}");
        Client withBearer = connect("", "Bearer " + TOKEN);
        withBearer.send("{\"type\":\"subscribe\",\"topic\":\"private:orders\"}");
        assertThat(withBearer.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"private:orders\"}");
        TopicEvent event = topics.publish("private:orders", "1");
        assertThat(anonymous.nextEventId()).isEqualTo(event.id());
        assertThat(withQueryToken.nextEventId()).isEqualTo(event.id());
        assertThat(withBearer.nextEventId()).isEqualTo(event.id());
    }

    @Test
    void aConnectionFollowsAtMostTheBoundOfTopics() throws Exception {
        Client client = connect("");
        for (int i = 1; i <= MAX_SUBSCRIPTIONS; i++) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"bound-" + i + "\"}");
            assertThat(client.next()).contains("subscribed");
        }
        client.send("{\"type\":\"subscribe\",\"topic\":\"bound-over\"}");
        assertThat(JSON.readTree(client.next()).get("code").asText()).isEqualTo("too_many_subscriptions");
        client.send("{\"type\":\"unsubscribe\",\"topic\":\"bound-1\"}");
        assertThat(client.next()).isEqualTo("{\"type\":\"unsubscribed\",\"topic\":\"bound-1\"}");
        client.send("{\"type\":\"subscribe\",\"topic\":\"bound-over\"}");
        assertThat(client.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"bound-over\"}");
    }

    @Test
    void afterUnsubscribingNoMoreEventsOfThatTopicArrive() throws Exception {
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",\"topic\":\"leave-a\"}");
        client.next();
        client.send("{\"type\":\"subscribe\",\"topic\":\"leave-b\"}");
        client.next();
        client.send("{\"type\":\"unsubscribe\",\"topic\":\"leave-a\"}");
        assertThat(client.next()).contains("unsubscribed");
        topics.publish("leave-a", "1");
        TopicEvent b = topics.publish("leave-b", "2");
        // Had leave-a's event been sent, it would have come first: both go to this session in publication order.
        assertThat(client.nextEventId()).isEqualTo(b.id());
    }

    @Test
    void wellFormedButWrongMessagesGetAnErrorAndTheConnectionStays() throws Exception {
        Client client = connect("");
        assertError(client, "{\"type\":\"publish\",\"topic\":\"x\"}", "unknown_type");
        assertError(client, "[1,2]", "invalid_message");
        assertError(client, "{\"topic\":\"x\"}", "invalid_message");
        assertError(client, "{\"type\":\"subscribe\",\"topic\":\"x\",\"afterId\":3}", "invalid_message");
        assertError(client, "{\"type\":\"subscribe\",\"topic\":\"x\",\"after\":-2}", "invalid_message");
        assertError(client, "{\"type\":\"subscribe\",\"topic\":\"x\",\"after\":1.5}", "invalid_message");
        assertError(client, "{\"type\":\"subscribe\",\"topic\":\"no spaces\"}", "invalid_topic");
        assertError(client, "{\"type\":\"subscribe\",\"topic\":42}", "invalid_message");
        client.send("{\"type\":\"subscribe\",\"topic\":\"twice\"}");
        client.next();
        assertError(client, "{\"type\":\"subscribe\",\"topic\":\"twice\"}", "already_subscribed");
        assertThat(client.closed()).isNotDone();
    }

    @Test
    void invalidJsonClosesWith1007() throws Exception {
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",");
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void aBinaryMessageClosesWith1003() throws Exception {
        Client client = connect("");
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true);
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    }

    @Test
    void aMessageOverTheLimitClosesWith1009AndOneAtTheLimitIsRead() throws Exception {
        int limit = SubscriberOptions.DEFAULT_MAX_MESSAGE_BYTES;
        String prefix = "{\"type\":\"subscribe\",\"topic\":\"sized\",\"token\":\"";
        String atLimit = prefix + "x".repeat(limit - prefix.length() - 2) + "\"}";
        assertThat(atLimit).hasSize(limit);
        Client client = connect("");
        client.send(atLimit);
        assertThat(client.next()).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"sized\"}");
        client.send(atLimit.replace("\"x", "\"xx"));
        assertThat(client.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void nSubscribersShareOneEncodedFramePerEvent() throws Exception {
        List<Client> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Client client = connect("");
            client.send("{\"type\":\"subscribe\",\"topic\":\"fan\"}");
            client.next();
            many.add(client);
        }
        long framesBefore = subscribers.liveFramesEncoded();
        TopicEvent first = topics.publish("fan", "1");
        TopicEvent second = topics.publish("fan", "2");
        for (Client client : many) {
            assertThat(client.nextEventId()).isEqualTo(first.id());
            assertThat(client.nextEventId()).isEqualTo(second.id());
        }
        // Other tests' topics may publish meanwhile only from this thread: exactly two frames were built.
        assertThat(subscribers.liveFramesEncoded() - framesBefore).isEqualTo(2);
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedBySlowConsumerPolicy() throws Exception {
        Client client = connect("");
        client.send("{\"type\":\"subscribe\",\"topic\":\"flood\"}");
        client.next();
        client.recorder.pause();
        String big = "\"" + "x".repeat(32 * 1024) + "\"";
        // Loopback TCP buffers take a few megabytes before the server's own 64 KiB limit is reached.
        for (int i = 0; i < 2000 && !client.closed().isDone() && subscribers.topicCount() > 0; i++) {
            topics.publish("flood", big);
        }
        client.recorder.resume();
        assertThat(client.closed().get(20, TimeUnit.SECONDS)).isEqualTo(CloseCodes.POLICY_VIOLATION);
    }

    private void assertError(Client client, String message, String code) throws Exception {
        client.send(message);
        JsonNode error = JSON.readTree(client.next());
        assertThat(error.get("type").asText()).as(message).isEqualTo("error");
        assertThat(error.get("code").asText()).as(message).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private List<TopicEvent> publish(String topic, int count) {
        List<TopicEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(topics.publish(topic, String.valueOf(i)));
        }
        return events;
    }

    private Client connect(String query) throws Exception {
        return connect(query, null);
    }

    private Client connect(String query, String authorization) throws Exception {
        WebSocketRecorder recorder = new WebSocketRecorder();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        WebSocket socket = builder
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + WebSocketSubscribers.PATH + query), recorder)
                .get(10, TimeUnit.SECONDS);
        Client client = new Client(socket, recorder);
        clients.add(client);
        return client;
    }

    private record Client(WebSocket socket, WebSocketRecorder recorder) {
        void send(String text) throws Exception {
            socket.sendText(text, true).get(10, TimeUnit.SECONDS);
        }

        String next() throws InterruptedException {
            Object message = recorder.messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return (String) message;
        }

        long nextEventId() throws Exception {
            JsonNode event = JSON.readTree(next());
            assertThat(event.get("type").asText()).isEqualTo("event");
            return event.get("id").asLong();
        }

        java.util.concurrent.CompletableFuture<Integer> closed() {
            return recorder.closed;
        }
    }
}
