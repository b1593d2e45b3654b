package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.HandlerExecution;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The chat's protocol (docs/chat.md) with the official Java Socket.IO client, as a bot would use it:
 * identity, limits, idempotent resends, private messages across tabs and logins, the HTTP API. Runs on SQLite and
 * on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatProtocolIT extends ChatStoresTestBase {
    private static final String PUSH_TOKEN = "push-secret-for-tests";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.maxMessageLength(100).rateLimit(5, Duration.ofSeconds(30)).maxRoomsPerUser(3).pushToken(PUSH_TOKEN);
    }

    @Test
    void refusesAServerThatRunsHandlersOnItsEventLoops() {
        ParleyServer eventLoopServer = new ParleyServer(ServerConfig.builder().port(0)
                .handlerExecution(HandlerExecution.EVENT_LOOP).build());
        assertThatThrownBy(() -> chat.mount(eventLoopServer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EVENT_LOOP");
    }

    @Test
    void nicknamesAreValidatedUniqueAndKeptByTheToken() throws Exception {
        assertThat(refusal(null, null)).isEqualTo("Pick a nickname");
        assertThat(refusal(null, "   ")).isEqualTo("Pick a nickname");
        assertThat(refusal(null, "x".repeat(33))).contains("at most 32");
        assertThat(refusal(null, "bad\u0007name")).contains("control characters");
        assertThat(refusal(null, "announcement")).contains("reserved");
        String alice = register("  Alice  ").token();
        assertThat(alice).matches("[A-Za-z0-9_-]{32}");
        assertThat(refusal(null, "alice")).contains("taken");
        // The token alone is enough afterwards, on any number of tabs.
        Socket tab2 = connect(alice, null);
        BlockingQueue<Object> session = new ArrayBlockingQueue<>(1);
        tab2.on("session", a -> session.add(a[0]));
        assertThat(call(tab2, "rooms:list", json()).getJSONArray("rooms").getJSONObject(0).getString("name")).isEqualTo("general");
    }

    @Test
    void messagesAreStoredBeforeTheAckAndAResendIsNotADuplicate() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        assertThat(call(alice, "room:join", json("room", "#General")).getString("room")).isEqualTo("general");
        call(bob, "room:join", json("room", "general"));
        BlockingQueue<JSONObject> bobGot = new ArrayBlockingQueue<>(10);
        bob.on("message", a -> bobGot.add((JSONObject) a[0]));

        JSONObject first = call(alice, "message:send", json("room", "general", "text", "hi", "clientId", "c-1"));
        assertThat(first.getBoolean("ok")).isTrue();
        JSONObject again = call(alice, "message:send", json("room", "general", "text", "hi", "clientId", "c-1"));
        assertThat(again.getJSONObject("message").getLong("id")).isEqualTo(first.getJSONObject("message").getLong("id"));
        JSONObject history = call(bob, "history", json("room", "general"));
        assertThat(history.getJSONArray("messages").length()).isEqualTo(1);
        long id = first.getJSONObject("message").getLong("id");
        // The resend is delivered again under the same id (receivers keep one message per id), so a
        // message whose first delivery a crash cut short still reaches the room.
        assertThat(bobGot.poll(5, TimeUnit.SECONDS).getLong("id")).isEqualTo(id);
        assertThat(bobGot.poll(5, TimeUnit.SECONDS).getLong("id")).isEqualTo(id);

        JSONObject tooLong = call(alice, "message:send", json("room", "general", "text", "x".repeat(101), "clientId", "c-2"));
        assertThat(tooLong.getString("code")).isEqualTo("too_long");
        // The reason with the limit, so that the page can say it beside the text it keeps.
        assertThat(tooLong.getString("error")).isEqualTo("Too long: 101 characters, 100 characters max");
        JSONObject notJoined = call(alice, "message:send", json("room", "elsewhere", "text", "x", "clientId", "c-3"));
        assertThat(notJoined.getString("code")).isEqualTo("not_in_room");
        // The refused messages reached nobody: bob's next message is the one sent after them.
        call(alice, "message:send", json("room", "general", "text", "after", "clientId", "c-4"));
        assertThat(bobGot.poll(5, TimeUnit.SECONDS).getString("text")).isEqualTo("after");
        assertThat(bobGot).isEmpty();
    }

    @Test
    void aUserWhoSendsTooFastIsToldToSlowDown() throws Exception {
        Socket alice = register("alice").socket();
        call(alice, "room:join", json("room", "general"));
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            JSONObject r = call(alice, "message:send", json("room", "general", "text", "m" + i, "clientId", "r" + i));
            codes.add(r.getBoolean("ok") ? "ok" : r.getString("code"));
        }
        assertThat(codes).containsExactly("ok", "ok", "ok", "ok", "ok", "rate_limited", "rate_limited");
        // The refusal says when the next one passes: within the window, which started with the first message.
        JSONObject refused = call(alice, "message:send", json("room", "general", "text", "m7", "clientId", "r7"));
        assertThat(refused.getString("error")).isEqualTo("You are sending too fast: at most 5 messages per 30 s");
        assertThat(refused.getLong("retryAfter")).isBetween(1L, 30_000L);
    }

    @Test
    void roomsPerUserAreCapped() throws Exception {
        Socket alice = register("alice").socket();
        for (String room : new String[] {"general", "a", "b"}) {
            assertThat(call(alice, "room:join", json("room", room)).getBoolean("ok")).isTrue();
        }
        assertThat(call(alice, "room:join", json("room", "c")).getString("code")).isEqualTo("too_many_rooms");
        assertThat(call(alice, "room:join", json("room", "no spaces!")).getString("code")).isEqualTo("invalid_room");
    }

    @Test
    void privateMessagesReachEveryTabAndWaitForAnOfflineRecipient() throws Exception {
        Login aliceLogin = register("alice");
        String aliceToken = aliceLogin.token();
        Socket alice = aliceLogin.socket();
        Socket aliceTab2 = connect(aliceToken, null);
        Login bobLogin = register("bob");
        String bobToken = bobLogin.token();
        bobLogin.socket().close();
        BlockingQueue<JSONObject> echoed = new ArrayBlockingQueue<>(5);
        aliceTab2.on("private", a -> echoed.add((JSONObject) a[0]));

        JSONObject sent = call(alice, "private:send", json("to", "bob", "text", "while you were out", "clientId", "p-1"));
        assertThat(sent.getJSONObject("message").getString("status")).isEqualTo("sent");
        assertThat(echoed.poll(5, TimeUnit.SECONDS).getString("text")).isEqualTo("while you were out");

        BlockingQueue<JSONObject> status = new ArrayBlockingQueue<>(5);
        alice.on("message:status", a -> status.add((JSONObject) a[0]));
        BlockingQueue<JSONObject> bobGot = new ArrayBlockingQueue<>(5);
        Socket bob = connect(bobToken, null, s -> s.on("private", a -> bobGot.add((JSONObject) a[0])));
        JSONObject waiting = bobGot.poll(10, TimeUnit.SECONDS);
        assertThat(waiting.getString("text")).isEqualTo("while you were out");
        bob.emit("message:delivered", json("id", waiting.getLong("id")));
        assertThat(status.poll(5, TimeUnit.SECONDS).getString("status")).isEqualTo("delivered");
        bob.emit("message:read", json("id", waiting.getLong("id")));
        assertThat(status.poll(5, TimeUnit.SECONDS).getString("status")).isEqualTo("read");
        JSONArray conversation = call(bob, "private:history", json("with", "alice")).getJSONArray("messages");
        assertThat(conversation.getJSONObject(0).getString("status")).isEqualTo("read");
    }

    @Test
    void historyTokensAndWaitingMessagesSurviveARestartOnTheSameDatabase() throws Exception {
        Login alice = register("alice");
        String bobToken = register("bob").token();
        call(alice.socket(), "room:join", json("room", "general"));
        long id = call(alice.socket(), "message:send", json("room", "general", "text", "before the restart", "clientId", "s-1"))
                .getJSONObject("message").getLong("id");
        call(alice.socket(), "private:send", json("to", "bob", "text", "read me later", "clientId", "s-2"));

        restart();

        Socket aliceAgain = connect(alice.token(), null);
        JSONArray history = call(aliceAgain, "room:join", json("room", "general")).getJSONArray("history");
        assertThat(history.length()).isEqualTo(1);
        assertThat(history.getJSONObject(0).getLong("id")).isEqualTo(id);
        assertThat(history.getJSONObject(0).getString("text")).isEqualTo("before the restart");
        assertThat(history.getJSONObject(0).getString("from")).isEqualTo("alice");
        BlockingQueue<JSONObject> bobGot = new ArrayBlockingQueue<>(5);
        connect(bobToken, null, s -> s.on("private", a -> bobGot.add((JSONObject) a[0])));
        JSONObject waiting = bobGot.poll(10, TimeUnit.SECONDS);
        assertThat(waiting.getString("text")).isEqualTo("read me later");
        assertThat(waiting.getString("from")).isEqualTo("alice");
        assertThat(waiting.getString("to")).isEqualTo("bob");
        // The nickname is still alice's after the restart.
        assertThat(refusal(null, "Alice")).isEqualTo("The nickname \"Alice\" is taken");
    }

    @Test
    void uploadsAreSniffedAndServedSafely() throws Exception {
        String token = register("alice").token();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", token).header("X-File-Name", "..%2F..%2Fevil.html")
                .POST(HttpRequest.BodyPublishers.ofString("<script>alert(1)</script>")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(201);
        JSONObject file = new JSONObject(upload.body());
        assertThat(file.getString("name")).isEqualTo("evil.html");
        assertThat(file.getString("type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(file.getBoolean("image")).isFalse();
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(server.url() + file.getString("url")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                v -> assertThat(v).startsWith("attachment"));
        assertThat(download.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        try (Stream<Path> stored = Files.list(dataDir.resolve("files"))) {
            assertThat(stored).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{32}"));
        }

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void announcementsNeedThePushTokenAndTheReadApiPagesHistory() throws Exception {
        Socket alice = register("alice").socket();
        call(alice, "room:join", json("room", "general"));
        BlockingQueue<JSONObject> got = new ArrayBlockingQueue<>(5);
        alice.on("message", a -> got.add((JSONObject) a[0]));
        HttpRequest.Builder announce = HttpRequest.newBuilder(URI.create(server.url() + "/api/announce"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"general\",\"text\":\"Maintenance at 6\"}"));
        assertThat(http.send(announce.header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/announce"))
                .header("Authorization", "Bearer " + PUSH_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"general\",\"text\":\"Maintenance at 6\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(201);
        JSONObject message = got.poll(5, TimeUnit.SECONDS);
        assertThat(message.getString("from")).isEqualTo("announcement");
        assertThat(message.getString("text")).isEqualTo("Maintenance at 6");

        for (int i = 0; i < 4; i++) {
            call(alice, "message:send", json("room", "general", "text", "m" + i, "clientId", "h" + i));
        }
        JSONObject page = new JSONObject(http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/rooms/general/messages?limit=2")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(page.getJSONArray("messages").getJSONObject(1).getString("text")).isEqualTo("m3");
        JSONObject older = new JSONObject(http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/rooms/general/messages?limit=2&before=" + page.getLong("before"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(older.getJSONArray("messages").getJSONObject(1).getString("text")).isEqualTo("m1");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/rooms/nope/messages")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusedUploadsAndAnnouncementsAreAnsweredBeforeTheirBodyIsRead() throws Exception {
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(20_000);
            raw.getOutputStream().write(("POST /api/files HTTP/1.1\r\nHost: x\r\nX-Chat-Token: " + "A".repeat(32)
                    + "\r\nExpect: 100-continue\r\nContent-Length: 26214400\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = statusAndHeaders(raw.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 401"); // never 100 Continue
        }
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(20_000);
            raw.getOutputStream().write(("POST /api/announce HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"text\":\"hi\"    }\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(statusAndHeaders(raw.getInputStream())).startsWith("HTTP/1.1 401"); // the body has not ended
        }
        String token = register("alice").token();
        HttpResponse<String> badName = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", token).header("X-File-Name", "100%ZZ.txt")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badName.statusCode()).isEqualTo(400);
    }

    private static String statusAndHeaders(java.io.InputStream in) throws java.io.IOException {
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
