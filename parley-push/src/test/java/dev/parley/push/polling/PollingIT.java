package dev.parley.push.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short and long polling against the JDK's HttpClient: answers, wake-up by a publication, the end of a wait,
 * gaps, bad input, private topics and the bound on waiting polls. One server for the class.
 */
class PollingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Topics topics;
    private static ParleyServer server;
    private static PollingSubscribers polling;
    /** The same topics with a long maximum wait, for the wake-up test. */
    private static PollingSubscribers patient;

    @BeforeAll
    static void start() throws Exception {
        topics = Topics.create(PushConfig.defaults().withHistorySize(5));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .trustedProxies(List.of("127.0.0.1")).build());
        polling = PollingSubscribers.mount(server, topics, PollingOptions.builder()
                .maxWait(Duration.ofMillis(300))
                .maxEvents(3)
                .maxWaitingPerAddress(2)
                .authorizer((topic, token) -> !topic.startsWith("private:") || "pass".equals(token))
                .build());
        patient = PollingSubscribers.mount(server, topics, PollingOptions.builder().prefix("/patient")
                .maxWait(Duration.ofMinutes(1)).build());
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        polling.close();
        patient.close();
        topics.close();
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return async(pathAndQuery, headers).get();
    }

    private static CompletableFuture<HttpResponse<String>> async(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.sendAsync(request.build(), BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static JsonNode event(TopicEvent event) throws Exception {
        return JSON.readTree("{\"id\":" + event.id() + ",\"topic\":\"" + event.topic() + "\",\"data\":" + event.data() + "}");
    }

    @Test
    void aShortPollAnswersWhatIsRetainedAfterTheId() throws Exception {
        TopicEvent e1 = topics.publish("short", "{\"n\":1}");
        TopicEvent e2 = topics.publish("short", "{\"n\":2}");
        JsonNode all = ok(get("/api/topics/short/events?after=0"));
        assertThat(all.get("events")).containsExactly(event(e1), event(e2));
        assertThat(all.get("lastId").asLong()).isEqualTo(e2.id());
        assertThat(all.get("gap").asBoolean()).isFalse();
        JsonNode after = ok(get("/api/topics/short/events?after=" + e1.id()));
        assertThat(after.get("events")).containsExactly(event(e2));
        JsonNode none = ok(get("/api/topics/short/events?after=" + e2.id()));
        assertThat(none.get("events")).isEmpty();
        assertThat(none.get("lastId").asLong()).isEqualTo(e2.id());
    }

    @Test
    void withoutAfterAPollStartsNowAndItsLastIdIsWhereToContinue() throws Exception {
        topics.publish("fresh", "1");
        JsonNode first = ok(get("/api/topics/fresh/events"));
        assertThat(first.get("events")).isEmpty();
        TopicEvent next = topics.publish("fresh", "2");
        JsonNode second = ok(get("/api/topics/fresh/events?after=" + first.get("lastId").asLong()));
        assertThat(second.get("events")).containsExactly(event(next));
    }

    @Test
    void anAnswerHoldsAtMostMaxEventsAndTheNextPollGetsTheRest() throws Exception {
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(topics.publish("paged", Integer.toString(i)));
        }
        JsonNode page1 = ok(get("/api/topics/paged/events?after=0"));
        assertThat(page1.get("events")).hasSize(3);
        assertThat(page1.get("lastId").asLong()).isEqualTo(published.get(2).id());
        JsonNode page2 = ok(get("/api/topics/paged/events?after=" + page1.get("lastId").asLong() + "&wait=10s"));
        assertThat(page2.get("events")).containsExactly(event(published.get(3)), event(published.get(4)));
    }

    @Test
    void aLongPollIsAnsweredByTheFirstEventPublishedWhileItWaits() throws Exception {
        long after = topics.lastId();
        CompletableFuture<HttpResponse<String>> poll = async("/patient/wakeup/events?after=" + after + "&wait=50s");
        await().until(() -> patient.waiting() == 1);
        assertThat(poll).isNotDone();
        TopicEvent published = topics.publish("wakeup", "{\"woke\":true}");
        JsonNode answer = ok(poll.get());
        assertThat(answer.get("events")).containsExactly(event(published));
        assertThat(answer.get("lastId").asLong()).isEqualTo(published.id());
        assertThat(patient.expiredPolls()).as("answered by the event, not by the end of the wait").isZero();
        await().until(() -> patient.waiting() == 0);
    }

    @Test
    void aLongPollWithNothingToSayAnswersAnEmptyListAtTheEndOfItsWait() throws Exception {
        long after = topics.lastId();
        // wait=999s is cut to the 300 ms maximum: this returns (no test timeout needed to prove it).
        JsonNode answer = ok(get("/api/topics/silent/events?after=" + after + "&wait=999s"));
        assertThat(answer.get("events")).isEmpty();
        assertThat(answer.get("lastId").asLong()).isEqualTo(after);
        assertThat(answer.get("gap").asBoolean()).isFalse();
        assertThat(ok(get("/api/topics/silent/events?after=" + after + "&wait=100ms")).get("events")).isEmpty();
        assertThat(polling.expiredPolls()).isGreaterThanOrEqualTo(2);
        await().until(() -> polling.waiting() == 0);
    }

    @Test
    void aCursorBeyondTheHistoryIsAGap() throws Exception {
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            published.add(topics.publish("gap-poll", Integer.toString(i)));
        }
        JsonNode answer = ok(get("/api/topics/gap-poll/events?after=" + published.get(0).id() + "&wait=25s"));
        assertThat(answer.get("gap").asBoolean()).isTrue();
        assertThat(answer.get("events")).containsExactly(event(published.get(2)), event(published.get(3)),
                event(published.get(4)));
    }

    @Test
    void aGapWithNothingRetainedContinuesFromNowRatherThanRepeatingItself() throws Exception {
        topics.publish("future", "1");
        // An id from another server or from before a restart, beyond anything this hub issued.
        JsonNode answer = ok(get("/api/topics/future/events?after=999999999999999999&wait=25s"));
        assertThat(answer.get("gap").asBoolean()).isTrue();
        assertThat(answer.get("events")).isEmpty();
        long next = answer.get("lastId").asLong();
        assertThat(next).isEqualTo(topics.lastId());
        TopicEvent live = topics.publish("future", "2");
        JsonNode after = ok(get("/api/topics/future/events?after=" + next));
        assertThat(after.get("gap").asBoolean()).isFalse();
        assertThat(after.get("events")).containsExactly(event(live));
    }

    @Test
    void badRequestsGetAJsonReason() throws Exception {
        assertError(get("/api/topics/a/events?after=x"), 400, "invalid_after");
        assertError(get("/api/topics/a/events?after=-1"), 400, "invalid_after");
        assertError(get("/api/topics/a/events?after=9999999999999999999999"), 400, "invalid_after");
        assertError(get("/api/topics/a/events?wait=soon"), 400, "invalid_wait");
        assertError(get("/api/topics/a/events?wait=-5s"), 400, "invalid_wait");
        assertError(get("/api/topics/bad%20topic/events"), 400, "invalid_topic");
        assertError(get("/api/topics/" + "t".repeat(201) + "/events"), 400, "invalid_topic");
        assertError(get("/api/topics/a"), 404, "not_found");
        assertError(get("/api/topics//events"), 404, "not_found");
        assertError(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/topics/a/events"))
                .DELETE().build(), BodyHandlers.ofString()), 405, "method_not_allowed");
        // Topic names may hold '/': the whole middle of the path is the topic.
        TopicEvent nested = topics.publish("feed/eu", "1");
        assertThat(ok(get("/api/topics/feed/eu/events?after=0")).get("events")).containsExactly(event(nested));
    }

    @Test
    void aPrivateTopicNeedsATokenThatAllowsIt() throws Exception {
        assertError(get("/api/topics/private:p/events"), 401, "unauthorized");
        assertError(get("/api/topics/private:p/events?token=no"), 403, "forbidden");
        TopicEvent secret = topics.publish("private:p", "\"s\"");
        assertThat(ok(get("/api/topics/private:p/events?after=0", "Authorization", "Bearer pass")).get("events"))
                .containsExactly(event(secret));
        assertThat(ok(get("/api/topics/private:p/events?after=0&token=pass")).get("events")).hasSize(1);
    }

    @Test
    void waitingPollsPerAddressAreBounded() throws Exception {
        await().until(() -> polling.waiting() == 0);
        // Raw sockets, so that the polls wait on connections of their own without a client pool in between.
        List<Socket> waiting = new ArrayList<>();
        try {
            long after = topics.lastId();
            for (int i = 0; i < 2; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("GET /api/topics/busy/events?after=" + after + "&wait=25s HTTP/1.1\r\n"
                        + "Host: x\r\nX-Forwarded-For: 10.1.1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                waiting.add(socket);
            }
            await().until(() -> polling.waiting() == 2);
            assertError(get("/api/topics/busy/events?after=" + after + "&wait=25s", "X-Forwarded-For", "10.1.1.1"),
                    429, "too_many_waiting");
        } finally {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
        await().until(() -> polling.waiting() == 0); // a client that left gives its place back
    }

    private static void assertError(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"error\":\"" + reason + "\",\"message\":\"");
    }
}
