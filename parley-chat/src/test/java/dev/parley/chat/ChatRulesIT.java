package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The rules of issue 17, section 1 ("Wrong today"), over real sockets with the official Java Socket.IO
 * client and the JDK HttpClient: who a private message may go to (6), idempotency keys per conversation
 * (13), the announcement and read API's answers (7), look-alike names (12) and the abuse limits (11).
 * Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatRulesIT extends ChatStoresTestBase {
    private static final String PUSH_TOKEN = "push-secret-for-tests";
    private static final int MAX_ROOMS = 4;
    private static final int ROOM_ACTIONS = 6;
    private static final int TYPING = 2;
    private static final int MAX_UPLOAD = 1024;
    private static final int UPLOAD_QUOTA = 2000;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.pushToken(PUSH_TOKEN).maxRooms(MAX_ROOMS).roomActionLimit(ROOM_ACTIONS, Duration.ofMinutes(1))
                .typingLimit(TYPING, Duration.ofMinutes(1)).maxUploadSize(MAX_UPLOAD)
                .uploadQuota(UPLOAD_QUOTA).listPageSize(2);
    }

    // ---- 4: private conversations are a list, online or not, with history both ways and unread counts ----

    private static JSONObject privately(Socket from, String to, String text) throws Exception {
        JSONObject sent = call(from, "private:send", json("to", to, "text", text, "clientId", java.util.UUID.randomUUID().toString()));
        assertThat(sent.getBoolean("ok")).as(sent.toString()).isTrue();
        return sent.getJSONObject("message");
    }

    /** Every page of {@code conversations}, following {@code next}: "with:unread" in the order given. */
    private static List<String> conversations(Socket socket) throws Exception {
        List<String> all = new ArrayList<>();
        Object before = null;
        do {
            JSONObject page = call(socket, "conversations", before == null ? json() : json("before", before));
            assertThat(page.getBoolean("ok")).isTrue();
            JSONArray entries = page.getJSONArray("conversations");
            assertThat(entries.length()).isLessThanOrEqualTo(2); // listPageSize
            for (int i = 0; i < entries.length(); i++) {
                JSONObject c = entries.getJSONObject(i);
                all.add(c.getString("with") + ":" + c.getInt("unread"));
            }
            before = page.isNull("next") ? null : page.get("next");
        } while (before != null);
        return all;
    }

    @Test
    void aReturningUserFindsEveryConversationWithItsHistoryBothWaysAndWhatCameMeanwhileUnread() throws Exception {
        Login alice = register("alice");
        Login bob = register("bob");
        Socket carol = register("carol").socket();
        Socket dave = register("dave").socket();
        privately(alice.socket(), "bob", "hi bob");
        long bobsRead = privately(bob.socket(), "alice", "hi alice").getLong("id");
        bob.socket().emit("message:read", json("id", call(bob.socket(), "private:history", json("with", "alice"))
                .getJSONArray("messages").getJSONObject(0).getLong("id")));
        bob.socket().close();
        privately(alice.socket(), "bob", "while you were away 1");
        privately(alice.socket(), "bob", "while you were away 2");
        privately(alice.socket(), "carol", "hi carol");
        privately(dave, "alice", "hi alice, dave here");
        alice.socket().close();

        // Alice comes back: bob (offline) is listed with carol and dave, the most recently active first, in
        // pages of two; what was written to her and never read counts as unread.
        Socket aliceBack = connect(alice.token(), null);
        assertThat(conversations(aliceBack)).containsExactly("dave:1", "carol:0", "bob:1");

        // Bob comes back: the conversation from before he left, both ways, and the two written meanwhile unread.
        Socket bobBack = connect(bob.token(), null);
        assertThat(conversations(bobBack)).containsExactly("alice:2");
        JSONArray history = call(bobBack, "private:history", json("with", "alice")).getJSONArray("messages");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < history.length(); i++) {
            texts.add(history.getJSONObject(i).getString("from") + ": " + history.getJSONObject(i).getString("text"));
        }
        assertThat(texts).containsExactly("alice: hi bob", "bob: hi alice", "alice: while you were away 1",
                "alice: while you were away 2");
        // Paged like a room: older than the second message is the first.
        JSONArray older = call(bobBack, "private:history", json("with", "alice", "before", bobsRead)).getJSONArray("messages");
        assertThat(older.length()).isEqualTo(1);
        assertThat(older.getJSONObject(0).getString("text")).isEqualTo("hi bob");
        // Reading one leaves one unread, for good.
        bobBack.emit("message:read", json("id", history.getJSONObject(2).getLong("id")));
        assertThat(conversations(bobBack)).containsExactly("alice:1");
        bobBack.close();
        assertThat(conversations(connect(bob.token(), null))).containsExactly("alice:1");
        // Nobody else's conversations show: carol has only hers with alice.
        assertThat(conversations(carol)).containsExactly("alice:1");
    }

    // ---- 6: private messages go to claimed nicknames only, matched case-insensitively ----

    @Test
    void aPrivateMessageToANicknameNobodyClaimedIsRefusedAndNeverReachesItsLaterOwner() throws Exception {
        Socket alice = register("alice").socket();
        JSONObject refused = call(alice, "private:send", json("to", "carol", "text", "for carol", "clientId", "p-1"));
        assertThat(refused.getBoolean("ok")).isFalse();
        assertThat(refused.getString("code")).isEqualTo("unknown_recipient");
        assertThat(refused.getString("error")).isEqualTo("Nobody is called \"carol\"");

        BlockingQueue<JSONObject> carolGot = new ArrayBlockingQueue<>(5);
        connect(null, "carol", s -> s.on("private", a -> carolGot.add((JSONObject) a[0])));
        call(alice, "private:send", json("to", "carol", "text", "now that you exist", "clientId", "p-2"));
        // The first private message carol ever receives is the one written after she claimed the name.
        assertThat(carolGot.poll(10, TimeUnit.SECONDS).getString("text")).isEqualTo("now that you exist");
        assertThat(carolGot).isEmpty();
    }

    @Test
    void aPrivateMessageToAnotherCaseOfANicknameReachesItsOwner() throws Exception {
        Socket alice = register("alice").socket();
        BlockingQueue<JSONObject> bobGot = new ArrayBlockingQueue<>(5);
        Socket bob = connect(null, "Bob", s -> s.on("private", a -> bobGot.add((JSONObject) a[0])));
        JSONObject sent = call(alice, "private:send", json("to", "bob", "text", "hi Bob", "clientId", "p-1"));
        assertThat(sent.getBoolean("ok")).isTrue();
        assertThat(sent.getJSONObject("message").getString("to")).isEqualTo("Bob");
        JSONObject got = bobGot.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.getString("text")).isEqualTo("hi Bob");
        assertThat(call(bob, "private:history", json("with", "ALICE")).getJSONArray("messages").length()).isEqualTo(1);
        assertThat(call(alice, "private:send", json("to", "ALICE", "text", "me", "clientId", "p-2")).getString("code"))
                .isEqualTo("invalid_recipient");
    }

    // ---- 13: idempotency keys per kind of message and per conversation ----

    @Test
    void aClientIdUsedInAPrivateMessageIsANewMessageInARoom() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        call(alice, "room:join", json("room", "general"));
        call(bob, "room:join", json("room", "general"));
        BlockingQueue<JSONObject> roomGot = new ArrayBlockingQueue<>(5);
        bob.on("message", a -> roomGot.add((JSONObject) a[0]));

        JSONObject dm = call(alice, "private:send", json("to", "bob", "text", "secret", "clientId", "same-id"));
        JSONObject room = call(alice, "message:send", json("room", "general", "text", "public", "clientId", "same-id"));
        assertThat(room.getBoolean("ok")).isTrue();
        assertThat(room.getJSONObject("message").getLong("id")).isNotEqualTo(dm.getJSONObject("message").getLong("id"));
        assertThat(room.getJSONObject("message").getString("text")).isEqualTo("public");
        JSONObject broadcast = roomGot.poll(10, TimeUnit.SECONDS);
        assertThat(broadcast.getString("text")).isEqualTo("public");
        assertThat(broadcast.has("to")).isFalse();
        // And a resend in the room is still the room's message, not a second one.
        JSONObject resend = call(alice, "message:send", json("room", "general", "text", "public", "clientId", "same-id"));
        assertThat(resend.getJSONObject("message").getLong("id")).isEqualTo(room.getJSONObject("message").getLong("id"));
        assertThat(call(bob, "history", json("room", "general")).getJSONArray("messages").length()).isEqualTo(1);
    }

    // ---- 7: announcements and the read API ----

    @Test
    void anAnnouncementToAMissingRoomIs404AndCreatesNothing() throws Exception {
        HttpResponse<String> missing = announce("{\"room\":\"nowhere\",\"text\":\"hello\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new JSONObject(missing.body()).getString("error")).isEqualTo("No such room: #nowhere");
        JSONArray rooms = new JSONObject(get("/api/rooms").body()).getJSONArray("rooms");
        assertThat(rooms.length()).isEqualTo(1);
        assertThat(rooms.getJSONObject(0).getString("name")).isEqualTo("general");
    }

    @Test
    void anAnnouncementToEveryoneIsStoredAndPaged() throws Exception {
        Socket alice = register("alice").socket();
        BlockingQueue<JSONObject> live = new ArrayBlockingQueue<>(5);
        alice.on("announcement", a -> live.add((JSONObject) a[0]));
        HttpResponse<String> posted = announce("{\"text\":\"Maintenance at 6\"}");
        assertThat(posted.statusCode()).isEqualTo(201);
        JSONObject got = live.poll(10, TimeUnit.SECONDS);
        assertThat(got.getString("text")).isEqualTo("Maintenance at 6");
        assertThat(got.getString("from")).isEqualTo("announcement");
        assertThat(got.getLong("id")).isEqualTo(new JSONObject(posted.body()).getLong("id"));
        // Someone who was not there reads it afterwards.
        Socket bob = register("bob").socket();
        JSONArray stored = call(bob, "announcements", json()).getJSONArray("messages");
        assertThat(stored.length()).isEqualTo(1);
        assertThat(stored.getJSONObject(0).getString("text")).isEqualTo("Maintenance at 6");
        assertThat(stored.getJSONObject(0).getLong("id")).isEqualTo(got.getLong("id"));
    }

    @Test
    void aMalformedCursorOrLimitIs400WithAReason() throws Exception {
        for (String query : new String[] {"limit=abc", "before=xyz", "limit=0", "before=-1", "limit=1.5"}) {
            HttpResponse<String> r = get("/api/rooms/general/messages?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            JSONObject body = new JSONObject(r.body());
            assertThat(body.getString("code")).as(query).isEqualTo("invalid_query");
            assertThat(body.getString("error")).as(query).startsWith(query.substring(0, query.indexOf('=')) + ":");
        }
        assertThat(get("/api/rooms/general/messages?limit=500&before=0").statusCode()).isEqualTo(200);
    }

    @Test
    void everyErrorOfTheApiIsJsonWithAMessageThe413Included() throws Exception {
        String token = register("alice").token();
        // A raw request: the JDK HttpClient (17) never completes when 100-continue is answered with a final status.
        String tooLarge = rawResponse("POST /api/files HTTP/1.1\r\nHost: x\r\nX-Chat-Token: " + token
                + "\r\nExpect: 100-continue\r\nContent-Length: " + (MAX_UPLOAD + 1) + "\r\n\r\n");
        assertThat(tooLarge).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/json");
        JSONObject body = new JSONObject(tooLarge.substring(tooLarge.indexOf("\r\n\r\n") + 4));
        assertThat(body.getString("code")).isEqualTo("too_large");
        // Item 9: the limit, in the unit people read and exactly.
        assertThat(body.getString("error")).isEqualTo("Files are limited to 1 KB (1,024 bytes)");
        // The others, for comparison: JSON with a message too.
        for (HttpResponse<String> r : List.of(get("/api/rooms/nope/messages"), announce("not json"))) {
            assertThat(new JSONObject(r.body()).getString("error")).as(r.uri().toString()).isNotBlank();
        }
    }

    // ---- 12: look-alike names ----

    @Test
    void lookAlikeNicknamesAreRefused() throws Exception {
        register("alice");
        assertThat(refusal(null, "\u0430lice")).as("Cyrillic a").isEqualTo("The nickname \"\u0430lice\" looks too much like a taken nickname");
        assertThat(refusal(null, "\uff41\uff4c\uff49\uff43\uff45")).as("full-width").isEqualTo("The nickname \"alice\" is taken");
        assertThat(refusal(null, "ali\u200bce")).as("zero-width space").contains("invisible");
        assertThat(refusal(null, "alice\u200e")).as("LRM").contains("invisible");
        assertThat(refusal(null, "\u202eecila")).as("RLO").contains("invisible");
        assertThat(refusal(null, "\u0430nnouncement")).as("the server's sender").isEqualTo("That nickname is reserved");
        assertThat(refusal(null, "\u0430lic\u0435")).as("two Cyrillic letters").contains("looks too much like");
        assertThat(refusal(null, "alicia")).isNull();
    }

    @Test
    void lookAlikeRoomsAreTheSameRoomOrRefused() throws Exception {
        Socket alice = register("alice").socket();
        JSONObject fullWidth = call(alice, "room:join", json("room", "\uff27\uff25\uff2e\uff25\uff32\uff21\uff2c"));
        assertThat(fullWidth.getString("room")).isEqualTo("general");
        JSONObject cyrillic = call(alice, "room:join", json("room", "g\u0435neral"));
        assertThat(cyrillic.getString("code")).isEqualTo("invalid_room");
        assertThat(cyrillic.getString("error")).contains("looks too much like");
        assertThat(call(alice, "room:join", json("room", "gen\u200beral")).getString("code")).isEqualTo("invalid_room");
        assertThat(call(alice, "rooms:list", json()).getJSONArray("rooms").length()).isEqualTo(1);
    }

    @Test
    void namesStoredBeforeSkeletonsAreProtectedToo() throws Exception {
        register("alice");
        call(register("bob").socket(), "room:join", json("room", "team"));
        // As a database from before this version: names without skeletons.
        restartWith("UPDATE users SET skeleton = NULL", "UPDATE rooms SET skeleton = NULL");
        assertThat(refusal(null, "\u0430lice")).contains("looks too much like");
        Socket carol = register("carol").socket();
        assertThat(call(carol, "room:join", json("room", "t\u0435am")).getString("code")).isEqualTo("invalid_room");
    }

    // ---- 11: abuse ----

    @Test
    void joiningAndLeavingRoomsIsRateLimitedPerUser() throws Exception {
        Socket alice = register("alice").socket();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < ROOM_ACTIONS / 2 + 1; i++) {
            codes.add(outcome(call(alice, "room:join", json("room", "general"))));
            codes.add(outcome(call(alice, "room:leave", json("room", "general"))));
        }
        assertThat(codes).hasSize(ROOM_ACTIONS + 2).startsWith("ok", "ok", "ok", "ok", "ok", "ok")
                .endsWith("rate_limited", "rate_limited");
        // Per user: bob is not affected.
        assertThat(outcome(call(register("bob").socket(), "room:join", json("room", "general")))).isEqualTo("ok");
    }

    @Test
    void typingEventsOverTheLimitAreDropped() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        call(alice, "room:join", json("room", "general"));
        call(bob, "room:join", json("room", "general"));
        BlockingQueue<String> bobGot = new ArrayBlockingQueue<>(20);
        bob.on("typing", a -> bobGot.add("typing"));
        bob.on("message", a -> bobGot.add("message"));
        for (int i = 0; i < TYPING + 8; i++) {
            alice.emit("typing", json("room", "general"));
        }
        // Handlers run in order per connection: the message comes after every typing event that went out.
        call(alice, "message:send", json("room", "general", "text", "sentinel", "clientId", "s-1"));
        List<String> seen = new ArrayList<>();
        while (!seen.contains("message")) {
            String next = bobGot.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("events so far: " + seen).isNotNull();
            seen.add(next);
        }
        // Typing is volatile (a packet the transport cannot take at once is dropped, e.g. during the upgrade to
        // WebSocket), so fewer may arrive; never more than the limit.
        assertThat(seen).last().isEqualTo("message");
        assertThat(seen.size() - 1).as("typing events received: " + seen).isBetween(1, TYPING);
    }

    @Test
    void roomsPerServerAreCapped() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        for (String room : new String[] {"a", "b"}) {
            assertThat(outcome(call(alice, "room:join", json("room", room)))).isEqualTo("ok");
        }
        assertThat(outcome(call(bob, "room:join", json("room", "c")))).isEqualTo("ok");
        JSONObject full = call(bob, "room:join", json("room", "d"));
        assertThat(full.getString("code")).isEqualTo("too_many_rooms");
        assertThat(full.getString("error")).contains(Integer.toString(MAX_ROOMS));
        // Existing rooms stay open to everyone.
        assertThat(outcome(call(bob, "room:join", json("room", "a")))).isEqualTo("ok");
    }

    @Test
    void uploadsHaveAQuotaPerUser() throws Exception {
        String alice = register("alice").token();
        assertThat(upload(alice, 1000).statusCode()).isEqualTo(201);
        assertThat(upload(alice, 1000).statusCode()).isEqualTo(201);
        HttpResponse<String> over = upload(alice, 1);
        assertThat(over.statusCode()).isEqualTo(413);
        JSONObject body = new JSONObject(over.body());
        assertThat(body.getString("code")).isEqualTo("quota_exceeded");
        assertThat(body.getString("error")).contains(Integer.toString(UPLOAD_QUOTA)).contains("2000 are used");
        // Per user: bob's quota is his own.
        assertThat(upload(register("bob").token(), 1000).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> upload(String token, int size) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files")).header("X-Chat-Token", token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void controlCharactersInMessagesAreRefused() throws Exception {
        Socket alice = register("alice").socket();
        call(alice, "room:join", json("room", "general"));
        String[] refused = {"nul\u0000here", "bell\u0007", "esc\u001b[31mred", "c1\u0085"};
        for (int i = 0; i < refused.length; i++) {
            JSONObject r = call(alice, "message:send", json("room", "general", "text", refused[i], "clientId", "c-" + i));
            assertThat(r.optString("code")).as(refused[i]).isEqualTo("invalid_text");
        }
        JSONObject lines = call(alice, "message:send", json("room", "general", "text", "one\ntwo\r\n\tthree", "clientId", "ok-1"));
        assertThat(lines.getBoolean("ok")).isTrue();
        assertThat(call(alice, "history", json("room", "general")).getJSONArray("messages").length()).isEqualTo(1);
        assertThat(announce("{\"room\":\"general\",\"text\":\"a\\u0000b\"}").statusCode()).isEqualTo(400);
    }

    // ---- helpers ----

    private static String outcome(JSONObject ack) throws Exception {
        return ack.getBoolean("ok") ? "ok" : ack.getString("code");
    }

    private HttpResponse<String> announce(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/announce"))
                .header("Authorization", "Bearer " + PUSH_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request head on a new connection; returns the response's head and its body (of Content-Length). */
    private String rawResponse(String head) throws Exception {
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = raw.getInputStream();
            StringBuilder response = new StringBuilder();
            while (response.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                assertThat(b).as("response so far: " + response).isNotNegative();
                response.append((char) b);
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(response);
            assertThat(length.find()).as(response.toString()).isTrue();
            return response + new String(in.readNBytes(Integer.parseInt(length.group(1))),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the chat, runs SQL on its database (as an older version left it), and starts it again. */
    private void restartWith(String... statements) throws Exception {
        ChatConfig config = chat.config();
        restart(() -> {
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.databaseUser(),
                    config.databasePassword()); Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        });
    }
}
