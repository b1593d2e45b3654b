package dev.parley.push.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.push.polling.PollingOptions;
import dev.parley.push.polling.PollingSubscribers;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-Sent Events against the JDK's HttpClient (and raw sockets where a client must misbehave): live events,
 * resumption across topics in id order, gaps, heartbeats, bad input, private topics, and the bounds (topics,
 * streams per address and in total, slow consumers). One server for the class.
 */
class SseIT {
    private static final String SECRET = "let-me-in";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Topics topics;
    private static ParleyServer server;
    private static SseSubscribers sse;

    @BeforeAll
    static void start() throws Exception {
        topics = Topics.create(PushConfig.defaults().withHistorySize(5));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .trustedProxies(List.of("127.0.0.1")).build());
        sse = SseSubscribers.mount(server, topics, SseOptions.builder()
                .heartbeat(Duration.ofMillis(100))
                .retry(Duration.ofMillis(1500))
                .maxTopics(4)
                .maxStreamsPerAddress(3)
                .maxBufferedBytes(64 * 1024)
                .maxReplayBytes(4 * 1024)
                .authorizer((topic, token) -> !topic.startsWith("private:") || SECRET.equals(token))
                .build());
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        sse.close();
        topics.close();
    }

    private static HttpResponse<InputStream> open(String query, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/sse" + query));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofInputStream());
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static String message(TopicEvent event) {
        return "{\"id\":" + event.id() + ",\"topic\":\"" + event.topic() + "\",\"data\":" + event.data() + "}";
    }

    @Test
    void liveEventsOfEveryTopicArriveAsMessagesWithTheirIds() throws Exception {
        HttpResponse<InputStream> response = open("?topic=live-a&topic=live-b");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        try (SseReader reader = new SseReader(response.body())) {
            assertThat(reader.next().retry()).isEqualTo(1500);
            // The head is sent once every subscription is in place: nothing published from now on is missed.
            TopicEvent a = topics.publish("live-a", "{\"n\":1}");
            TopicEvent b = topics.publish("live-b", "[\"two\"]");
            topics.publish("live-other", "3");
            SseReader.Event first = reader.nextWithData();
            assertThat(first.type()).isEqualTo("message");
            assertThat(first.id()).isEqualTo(Long.toString(a.id()));
            assertThat(first.data()).isEqualTo(message(a));
            SseReader.Event second = reader.nextWithData();
            assertThat(second.id()).isEqualTo(Long.toString(b.id()));
            assertThat(second.data()).isEqualTo(message(b));
        }
    }

    @Test
    void lastEventIdResumesEveryTopicInIdOrder() throws Exception {
        TopicEvent a1 = topics.publish("resume-a", "1");
        TopicEvent b1 = topics.publish("resume-b", "2");
        TopicEvent a2 = topics.publish("resume-a", "3");
        TopicEvent b2 = topics.publish("resume-b", "4");
        // The header, as a reconnecting EventSource sends it; the topics replay merged by id, not topic by topic.
        assertThat(ids(open("?topic=resume-a&topic=resume-b", "Last-Event-ID", Long.toString(a1.id())), 3))
                .containsExactly(b1.id(), a2.id(), b2.id());
        // The query parameter of a first connection; 0 is everything retained.
        assertThat(ids(open("?topic=resume-b&topic=resume-a&lastEventId=0"), 4))
                .containsExactly(a1.id(), b1.id(), a2.id(), b2.id());
        // The header wins over the parameter (the URL keeps the first connection's).
        assertThat(ids(open("?topic=resume-a&topic=resume-b&lastEventId=0", "Last-Event-ID", Long.toString(a2.id())), 1))
                .containsExactly(b2.id());
    }

    private static List<Long> ids(HttpResponse<InputStream> response, int count) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        try (SseReader reader = new SseReader(response.body())) {
            while (ids.size() < count) {
                ids.add(Long.parseLong(reader.nextWithData().id()));
            }
        }
        return ids;
    }

    @Test
    void resumingFromBeyondTheHistoryIsToldAsAGapBeforeTheRetainedEvents() throws Exception {
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            published.add(topics.publish("gappy", Integer.toString(i)));
        }
        long after = published.get(0).id(); // events 1 and 2 are gone (history of 5)
        try (SseReader reader = new SseReader(open("?topic=gappy", "Last-Event-ID", Long.toString(after)).body())) {
            SseReader.Event gap = reader.nextWithData();
            assertThat(gap.type()).isEqualTo("gap");
            assertThat(gap.id()).isNull();
            assertThat(gap.data()).isEqualTo("{\"topic\":\"gappy\",\"afterId\":" + after + "}");
            for (int i = 3; i < 8; i++) {
                assertThat(reader.nextWithData().data()).isEqualTo(message(published.get(i)));
            }
        }
    }

    @Test
    void aReplayOverItsByteBoundKeepsTheNewestAndTellsAGap() throws Exception {
        String big = "\"" + "x".repeat(1500) + "\"";
        List<TopicEvent> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(topics.publish("replay-big", big));
        }
        // 4 KiB of replay: the two newest events fit, the three before are left out.
        try (SseReader reader = new SseReader(open("?topic=replay-big&lastEventId=0").body())) {
            assertThat(reader.nextWithData().type()).isEqualTo("gap");
            assertThat(reader.nextWithData().id()).isEqualTo(Long.toString(published.get(3).id()));
            assertThat(reader.nextWithData().id()).isEqualTo(Long.toString(published.get(4).id()));
        }
    }

    @Test
    void heartbeatsAreCommentsOnAQuietStream() throws Exception {
        try (SseReader reader = new SseReader(open("?topic=quiet").body())) {
            SseReader.Event block;
            do {
                block = reader.next();
            } while (block.retry() != null);
            assertThat(block.comments()).containsExactly("");
            assertThat(block.data()).isNull();
        }
    }

    @Test
    void badRequestsGetAJsonReason() throws Exception {
        assertError(get("/sse"), 400, "missing_topic");
        assertError(get("/sse?topic=bad%20name"), 400, "invalid_topic");
        assertError(get("/sse?topic=" + "t".repeat(201)), 400, "invalid_topic");
        assertError(get("/sse?topic=a&topic=b&topic=c&topic=d&topic=e"), 400, "too_many_topics");
        assertError(get("/sse?topic=a", "Last-Event-ID", "abc"), 400, "invalid_last_event_id");
        assertError(get("/sse?topic=a&lastEventId=-1"), 400, "invalid_last_event_id");
        assertError(get("/sse?topic=a&lastEventId=99999999999999999999"), 400, "invalid_last_event_id");
        assertError(get("/sse/other?topic=a"), 404, "not_found");
        assertError(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/sse?topic=a"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString()), 405, "method_not_allowed");
        assertError(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/sse?topic=a"))
                .POST(HttpRequest.BodyPublishers.ofString("body")).build(), BodyHandlers.ofString()), 413,
                "body_not_allowed");
        assertThat(sse.openStreams()).isZero();
    }

    @Test
    void aPrivateTopicNeedsATokenThatAllowsIt() throws Exception {
        assertError(get("/sse?topic=public&topic=private:x"), 401, "unauthorized");
        assertError(get("/sse?topic=private:x&token=wrong"), 403, "forbidden");
        assertError(get("/sse?topic=private:x", "Authorization", "Bearer wrong"), 403, "forbidden");
        HttpResponse<InputStream> byQuery = open("?topic=private:x&token=" + SECRET);
        assertThat(byQuery.statusCode()).isEqualTo(200);
        byQuery.body().close();
        HttpResponse<InputStream> byHeader = open("?topic=private:x", "Authorization", "Bearer " + SECRET);
        assertThat(byHeader.statusCode()).isEqualTo(200);
        try (SseReader reader = new SseReader(byHeader.body())) {
            TopicEvent secret = topics.publish("private:x", "{\"s\":1}");
            assertThat(reader.nextWithData().data()).isEqualTo(message(secret));
        }
    }

    @Test
    void streamsPerAddressAreBoundedAndGivenBackWhenTheyClose() throws Exception {
        await().until(() -> sse.openStreams() == 0);
        List<HttpResponse<InputStream>> opened = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            opened.add(open("?topic=crowd", "X-Forwarded-For", "10.0.0.1"));
            assertThat(opened.get(i).statusCode()).isEqualTo(200);
        }
        assertError(get("/sse?topic=crowd", "X-Forwarded-For", "10.0.0.1"), 429, "too_many_streams");
        HttpResponse<InputStream> other = open("?topic=crowd", "X-Forwarded-For", "10.0.0.2");
        assertThat(other.statusCode()).isEqualTo(200);
        other.body().close();
        opened.get(0).body().close();
        await().until(() -> sse.openStreams() == 2);
        HttpResponse<InputStream> again = open("?topic=crowd", "X-Forwarded-For", "10.0.0.1");
        assertThat(again.statusCode()).isEqualTo(200);
        again.body().close();
        for (HttpResponse<InputStream> response : opened) {
            response.body().close();
        }
        await().until(() -> sse.openStreams() == 0);
    }

    @Test
    void aSlowConsumerIsClosedAndItsSubscriptionReleased() throws Exception {
        await().until(() -> sse.openStreams() == 0);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(server.address());
            socket.getOutputStream().write("GET /sse?topic=firehose HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
            // The client reads nothing more: 16 KiB events fill the socket buffers, then the 64 KiB bound.
            String data = "\"" + "y".repeat(16 * 1024) + "\"";
            int published = 0;
            while (sse.openStreams() > 0) {
                topics.publish("firehose", data);
                published++;
                assertThat(published).as("events published to a stream that never reads").isLessThan(5_000);
            }
            System.out.printf("SseIT: slow consumer closed after %d events of 16 KiB%n", published);
        }
    }

    @Test
    void aStopEndsStreamsCleanlyAndAnswersWaitingPolls503() throws Exception {
        ParleyServer own = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        SseSubscribers ownSse = SseSubscribers.mount(own, topics, SseOptions.defaults());
        PollingSubscribers ownPolls = PollingSubscribers.mount(own, topics, PollingOptions.defaults());
        own.start();
        try {
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(own.url() + "/sse?topic=stop"))
                    .build(), BodyHandlers.ofInputStream());
            var poll = http.sendAsync(HttpRequest.newBuilder(URI.create(own.url() + "/api/topics/stop-poll/events?wait=25s"))
                    .build(), BodyHandlers.ofString());
            await().until(() -> ownPolls.waiting() == 1);
            try (SseReader reader = new SseReader(stream.body())) {
                TopicEvent before = topics.publish("stop", "1");
                assertThat(reader.nextWithData().data()).isEqualTo(message(before));
                own.stop();
                // The last chunk: the body ends normally (a reset would be an IOException here).
                assertThat(reader.nextWithData()).isNull();
            }
            assertError(poll.get(), 503, "shutting_down");
            assertThat(ownSse.openStreams()).isZero();
            assertThat(ownPolls.waiting()).isZero();
        } finally {
            own.stop();
            ownSse.close();
            ownPolls.close();
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).startsWith("{\"error\":\"" + reason + "\",\"message\":\"");
    }
}
