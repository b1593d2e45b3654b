package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/publish} on a real server with the JDK's HttpClient and raw sockets (docs/push.md,
 * "Publishing" and "Authorization"): one and many publications, every refusal's status and JSON reason,
 * refusals sent before the body, JWT grants, idempotent ids, and the throttle of failed tokens.
 */
class PublishApiIT {
    private static final String TOKEN = "static-publish-token-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PushGateway push;
    private static ParleyServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        push = PushGateway.create(PushOptions.builder()
                .hub(PushConfig.defaults().withMaxDataBytes(1000))
                .publishToken(TOKEN)
                .jwtSecret(TestJwts.SECRET)
                .maxRequestBytes(64 * 1024)
                .maxBatch(5)
                // Every test here comes from 127.0.0.1: the throttle has its own test and server below.
                .authThrottle(10_000, Duration.ofMinutes(1), 100)
                .build());
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        push.mountPublishApi(server).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.stop();
        push.close();
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText();
        }
    }

    private static Answer post(ParleyServer target, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + "/api/publish"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private static Answer post(String authorization, String body) throws Exception {
        return post(server, authorization, body);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void publishesOneEventToItsSubscribersAndAnswersItsId() throws Exception {
        List<TopicEvent> got = new CopyOnWriteArrayList<>();
        try (Subscription ignored = push.topics().subscribe("prices", -1, got::add)) {
            Answer answer = post(bearer(TOKEN), "{\"topic\":\"prices\",\"data\":{\"eur\": 1.0800}}");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("id").isIntegralNumber()).isTrue();
            // Listeners run on the publisher's thread: the event was delivered before the answer left.
            assertThat(got).hasSize(1);
            assertThat(got.get(0).id()).isEqualTo(answer.body().get("id").asLong());
            assertThat(got.get(0).data()).isEqualTo("{\"eur\":1.0800}");
        }
    }

    @Test
    void publishesManyInOrderAllOrNothing() throws Exception {
        Answer answer = post(bearer(TOKEN), "[{\"topic\":\"batch:a\",\"data\":1},{\"topic\":\"batch:b\",\"data\":\"two\"},"
                + "{\"topic\":\"batch:a\",\"data\":[3]}]");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode ids = answer.body().get("ids");
        assertThat(ids).hasSize(3);
        assertThat(ids.get(0).asLong()).isLessThan(ids.get(1).asLong());
        assertThat(ids.get(1).asLong()).isLessThan(ids.get(2).asLong());
        assertThat(push.topics().replay("batch:a", 0, 10).events()).extracting(TopicEvent::data).containsExactly("1", "[3]");

        Answer refused = post(bearer(TOKEN), "[{\"topic\":\"batch:c\",\"data\":1},{\"topic\":\"bad topic\",\"data\":2}]");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_topic");
        assertThat(refused.body().get("index").asInt()).isEqualTo(1);
        assertThat(push.topics().replay("batch:c", 0, 10).events()).as("nothing of a refused batch").isEmpty();
    }

    @Test
    void badInputGetsA4xxWithAJsonReason() throws Exception {
        String auth = bearer(TOKEN);
        assertRefused(post(auth, "{\"topic\":\"t\",\"data\":1,\"extra\":true}"), 400, "unknown_field");
        assertRefused(post(auth, "{\"topic\":\"no spaces\",\"data\":1}"), 400, "invalid_topic");
        assertRefused(post(auth, "{\"topic\":\"t\"}"), 400, "missing_data");
        assertRefused(post(auth, "{\"topic\":\"t\",\"data\":"), 400, "invalid_json");
        assertRefused(post(auth, "{\"topic\":\"t\",\"data\":1,\"id\":12}"), 400, "invalid_id");
        assertRefused(post(auth, "[]"), 400, "invalid_batch");
        assertRefused(post(auth, "[" + "{\"topic\":\"t\",\"data\":1},".repeat(5) + "{\"topic\":\"t\",\"data\":1}]"), 400,
                "invalid_batch");
        // --publish-max-size (1000 bytes here), at the limit and one past it.
        String atLimit = "\"" + "x".repeat(998) + "\"";
        assertThat(post(auth, "{\"topic\":\"big\",\"data\":" + atLimit + "}").status()).isEqualTo(200);
        Answer over = post(auth, "{\"topic\":\"big\",\"data\":\"" + "x".repeat(999) + "\"}");
        assertRefused(over, 413, "data_too_large");
        assertThat(over.body().get("message").asText()).contains("1000 bytes");
        String deep = "[".repeat(65) + "]".repeat(65);
        assertRefused(post(auth, "{\"topic\":\"t\",\"data\":" + deep + "}"), 400, "invalid_data");
        // The request body limit (64 KiB here) is the server's own 413, in the same JSON.
        assertRefused(post(auth, "[" + "{\"topic\":\"t\",\"data\":1},".repeat(5000) + "{}]"), 413, "request_too_large");
    }

    @Test
    void onlyPostOnTheExactPath() throws Exception {
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/publish"))
                .header("Authorization", bearer(TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(JSON.readTree(get.body()).get("error").asText()).isEqualTo("method_not_allowed");
        HttpResponse<String> below = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/publish/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Authorization", bearer(TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(below.statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingUnknownOrWrongTokenIsOneAndTheSame401() throws Exception {
        String body = "{\"topic\":\"t\",\"data\":1}";
        Answer none = post(null, body);
        Answer wrong = post(bearer(TOKEN + "x"), body);
        Answer otherScheme = post("Basic " + TOKEN, body);
        Answer badJwt = post(bearer(TestJwts.sign("not-the-secret-but-32-bytes-long!!!",
                com.nimbusds.jose.JWSAlgorithm.HS256, TestJwts.claims(List.of("*"), null, null))), body);
        for (Answer answer : List.of(none, wrong, otherScheme, badJwt)) {
            assertRefused(answer, 401, "unauthorized");
            assertThat(answer.raw().body()).isEqualTo(none.raw().body());
            assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(post("bearer " + TOKEN, body).status()).as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void jwtsPublishWhereTheirClaimAllowsUntilTheyExpire() throws Exception {
        String feeds = TestJwts.token(List.of("feed:*", "prices"), List.of(), Instant.now().plusSeconds(300));
        assertThat(post(bearer(feeds), "{\"topic\":\"feed:movies\",\"data\":{}}").status()).isEqualTo(200);
        assertThat(post(bearer(feeds), "{\"topic\":\"prices\",\"data\":{}}").status()).isEqualTo(200);
        Answer denied = post(bearer(feeds), "[{\"topic\":\"prices\",\"data\":1},{\"topic\":\"user:42\",\"data\":1}]");
        assertRefused(denied, 403, "forbidden");
        assertThat(denied.body().get("index").asInt()).isEqualTo(1);

        String subscribeOnly = TestJwts.token(List.of(), List.of("user:42"), null);
        assertRefused(post(bearer(subscribeOnly), "{\"topic\":\"user:42\",\"data\":1}"), 403, "forbidden");

        String expired = TestJwts.token(List.of("*"), null, Instant.now().minusSeconds(3600));
        assertRefused(post(bearer(expired), "{\"topic\":\"prices\",\"data\":1}"), 401, "unauthorized");
        JsonNode claims = JSON.valueToTree(TestJwts.claims(List.of("*"), null, null).toJSONObject());
        assertThat(claims.get("push").get("publish").get(0).asText()).isEqualTo("*");
        assertRefused(post(bearer(TestJwts.unsecured(TestJwts.claims(List.of("*"), null, null))),
                "{\"topic\":\"prices\",\"data\":1}"), 401, "unauthorized");
        assertRefused(post(bearer(TestJwts.tampered(feeds, TestJwts.claims(List.of("*"), null, null))),
                "{\"topic\":\"user:1\",\"data\":1}"), 401, "unauthorized");
    }

    @Test
    void theGatewayIssuesTokensThatItsEndpointAndAuthorizerAccept() throws Exception {
        String publisher = push.issueJwt(List.of("news:*"), List.of(), Duration.ofMinutes(5));
        assertThat(post(bearer(publisher), "{\"topic\":\"news:today\",\"data\":1}").status()).isEqualTo(200);
        assertRefused(post(bearer(publisher), "{\"topic\":\"prices\",\"data\":1}"), 403, "forbidden");
        try (PushGateway privateUsers = PushGateway.create(PushOptions.builder().jwtSecret(TestJwts.SECRET)
                .privateTopics(List.of("user:*")).build())) {
            String browser = privateUsers.issueJwt(List.of(), List.of("user:42"), Duration.ofHours(1));
            assertThat(privateUsers.subscribeAuthorizer().maySubscribe("user:42", browser)).isTrue();
            assertThat(privateUsers.subscribeAuthorizer().maySubscribe("user:43", browser)).isFalse();
            String expired = privateUsers.issueJwt(List.of(), List.of("user:42"), Duration.ofHours(-1));
            assertThat(privateUsers.subscribeAuthorizer().maySubscribe("user:42", expired)).isFalse();
        }
    }

    @Test
    void aRetriedIdIsPublishedOnceAndAnswersTheFirstId() throws Exception {
        List<TopicEvent> got = new CopyOnWriteArrayList<>();
        try (Subscription ignored = push.topics().subscribe("orders", -1, got::add)) {
            String body = "{\"topic\":\"orders\",\"data\":{\"n\":1},\"id\":\"order-1\"}";
            Answer first = post(bearer(TOKEN), body);
            Answer retry = post(bearer(TOKEN), body);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body().has("duplicate")).isFalse();
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
            assertThat(retry.body().get("duplicate").asBoolean()).isTrue();
            // The same id on another topic is another publication; in a batch, repeats point to the first.
            Answer batch = post(bearer(TOKEN), "[{\"topic\":\"orders\",\"data\":2,\"id\":\"order-2\"},"
                    + "{\"topic\":\"orders\",\"data\":1,\"id\":\"order-1\"},{\"topic\":\"orders\",\"data\":2,\"id\":\"order-2\"},"
                    + "{\"topic\":\"orders:eu\",\"data\":1,\"id\":\"order-1\"}]");
            JsonNode ids = batch.body().get("ids");
            assertThat(ids.get(1).asLong()).isEqualTo(first.body().get("id").asLong());
            assertThat(ids.get(2).asLong()).isEqualTo(ids.get(0).asLong());
            assertThat(batch.body().get("duplicates").toString()).isEqualTo("[1,2]");
            assertThat(got).extracting(TopicEvent::data).containsExactly("{\"n\":1}", "2");
        }
    }

    @Test
    void aRefusedTokenIsAnsweredBeforeTheBodyIsSent() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(20_000);
            OutputStream out = raw.getOutputStream();
            // The head only: a chunked body of unbounded length would follow; none of it is sent.
            out.write(("POST /api/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = statusAndHeaders(raw.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 401");
            assertThat(head.toLowerCase()).contains("connection: close");
        }
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(20_000);
            // A declared length over the limit: refused from the head, with a valid token too.
            raw.getOutputStream().write(("POST /api/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 1000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(statusAndHeaders(raw.getInputStream())).startsWith("HTTP/1.1 413");
        }
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(20_000);
            // Accepted heads get 100 Continue, then the body is read.
            String body = "{\"topic\":\"raw\",\"data\":true}";
            raw.getOutputStream().write(("POST /api/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nExpect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(statusAndHeaders(raw.getInputStream())).startsWith("HTTP/1.1 100");
            raw.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
            assertThat(statusAndHeaders(raw.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void failedTokensAreThrottledPerAddressEvenTheRightOneAfterward() throws Exception {
        try (PushGateway throttled = PushGateway.create(PushOptions.builder().publishToken(TOKEN)
                .authThrottle(3, Duration.ofMinutes(10), 100).build())) {
            ParleyServer other = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
            throttled.mountPublishApi(other).start();
            try {
                String body = "{\"topic\":\"t\",\"data\":1}";
                for (int i = 0; i < 3; i++) {
                    assertRefused(post(other, bearer("guess-" + i), body), 401, "unauthorized");
                }
                Answer limited = post(other, bearer(TOKEN), body);
                assertRefused(limited, 429, "rate_limited");
                assertThat(limited.raw().headers().firstValue("Retry-After")).hasValue("600");
                assertRefused(post(other, bearer("guess-4"), body), 429, "rate_limited");
            } finally {
                other.stop();
            }
        }
    }

    @Test
    void withNeitherTokenNorSecretPublishingIsOff() throws Exception {
        try (PushGateway closed = PushGateway.create(PushOptions.defaults())) {
            ParleyServer other = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
            closed.mountPublishApi(other).start();
            try {
                Answer off = post(other, bearer("anything"), "{\"topic\":\"t\",\"data\":1}");
                assertRefused(off, 404, "publishing_disabled");
                assertThat(off.body().get("message").asText()).contains("--publish-token");
            } finally {
                other.stop();
            }
        }
    }

    private static void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertThat(answer.error()).isEqualTo(code);
        assertThat(answer.body().get("message").asText()).isNotBlank();
    }

    private static String statusAndHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
