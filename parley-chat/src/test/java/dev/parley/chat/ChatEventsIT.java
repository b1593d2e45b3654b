package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.chat.ChatInbox.Event;
import io.socket.client.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * What docs/chat.md promises about rooms, presence, catching up and refusals, checked payload by payload
 * with the official Java client: {@code room:leave}, {@code sync}, join and leave notices, {@code presence}
 * across tabs, every {@code connect_error} code, and the headers of {@code GET /files/<id>}. "Nothing else
 * arrived" is always proven by a sentinel event that must come next.
 */
class ChatEventsIT extends ChatTestBase {
    private static final int AUTH_FAILURES = 3;
    private static final String CSP = "sandbox; default-src 'none'; img-src 'self'";
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.rateLimit(1000, Duration.ofSeconds(10)).authThrottle(AUTH_FAILURES, Duration.ofHours(1), 100);
    }

    /** One connection (a browser tab) and everything it receives. */
    private record Tab(Socket socket, ChatInbox inbox) {
        JSONObject call(String event, JSONObject payload) throws Exception {
            return ChatTestBase.call(socket, event, payload);
        }
    }

    private Tab open(String token, String nickname) throws Exception {
        ChatInbox[] inbox = new ChatInbox[1];
        Socket socket = connect(token, nickname, s -> inbox[0] = ChatInbox.of(s));
        return new Tab(socket, inbox[0]);
    }

    private static JSONObject send(Tab tab, String room, String text) throws Exception {
        JSONObject ack = tab.call("message:send", json("room", room, "text", text, "clientId", "c-" + System.nanoTime()));
        assertThat(ack.getBoolean("ok")).as(ack.toString()).isTrue();
        return ack.getJSONObject("message");
    }

    private static void expectMessage(Tab tab, JSONObject message) throws Exception {
        tab.inbox().expect("message", message.toString());
    }

    private static String rooms(int general, int lobby) {
        return "{\"rooms\":[{\"name\":\"general\",\"members\":" + general + "}"
                + (lobby < 0 ? "" : ",{\"name\":\"lobby\",\"members\":" + lobby + "}") + "]}";
    }

    private static String online(String nickname, boolean online, int v) {
        return "{\"nickname\":\"" + nickname + "\",\"online\":" + online + ",\"v\":" + v + "}";
    }

    private static String roomChange(String room, int members, int v) {
        return "{\"name\":\"" + room + "\",\"members\":" + members + ",\"v\":" + v + "}";
    }

    private static String member(String room, String nickname, boolean joined) {
        return "{\"room\":\"" + room + "\",\"nickname\":\"" + nickname + "\",\"joined\":" + joined + "}";
    }

    /** What {@code session} says of a guest's account on a server with the default account options. */
    private static final String GUEST_ACCOUNT =
            "{\"secured\":false,\"mode\":\"guests\",\"minPasswordLength\":8,\"maxPasswordLength\":200}";

    @Test
    void presenceAndNoticesFollowTheUsersFirstAndLastTab() throws Exception {
        long t0 = System.currentTimeMillis();
        Tab alice1 = open(null, "alice");
        Event session = alice1.inbox().next();
        assertThat(session.name()).isEqualTo("session");
        assertThat(session.payload().length()).isEqualTo(4);
        assertThat(ChatInbox.tree(session.payload().getJSONObject("account"))).isEqualTo(ChatInbox.tree(GUEST_ACCOUNT));
        assertThat(ChatInbox.tree(session.payload().getJSONObject("limits"))).isEqualTo(ChatInbox.tree("{\"maxMessageLength\":4000,\"maxUploadSize\":26214400}"));
        assertThat(session.payload().getString("nickname")).isEqualTo("alice");
        String aliceToken = session.payload().getString("token");
        // Changes, not lists: each one a few bytes whatever the number of users (issue 17, item 10).
        alice1.inbox().expect("presence:change", online("alice", true, 1));

        Tab bob = open(null, "bob");
        assertThat(bob.inbox().next().name()).isEqualTo("session");
        bob.inbox().expect("presence:change", online("bob", true, 2));
        alice1.inbox().expect("presence:change", online("bob", true, 2));

        assertThat(ChatInbox.tree(bob.call("room:join", json("room", "general")))).isEqualTo(ChatInbox.tree(
                "{\"ok\":true,\"room\":\"general\",\"members\":[\"bob\"],\"history\":[]}"));
        bob.inbox().expectStamped("notice", "{\"room\":\"general\",\"text\":\"bob joined\"}", t0);
        bob.inbox().expect("room:member", member("general", "bob", true));
        bob.inbox().expect("room:change", roomChange("general", 1, 3));
        alice1.inbox().expect("room:change", roomChange("general", 1, 3));
        assertThat(ChatInbox.tree(alice1.call("room:join", json("room", "general")))).isEqualTo(ChatInbox.tree(
                "{\"ok\":true,\"room\":\"general\",\"members\":[\"alice\",\"bob\"],\"history\":[]}"));
        for (Tab tab : new Tab[] {bob, alice1}) {
            tab.inbox().expectStamped("notice", "{\"room\":\"general\",\"text\":\"alice joined\"}", t0);
            tab.inbox().expect("room:member", member("general", "alice", true));
            tab.inbox().expect("room:change", roomChange("general", 2, 4));
        }

        // A second tab: its own session (no token this time), nothing unasked; it asks for the lists. Nobody
        // else hears of it, nor of its join (alice is already in the room).
        Tab alice2 = open(aliceToken, null);
        alice2.inbox().expect("session", "{\"nickname\":\"alice\",\"limits\":{\"maxMessageLength\":4000,\"maxUploadSize\":26214400},"
                + "\"account\":" + GUEST_ACCOUNT + "}");
        assertThat(ChatInbox.tree(alice2.call("presence:list", json()))).isEqualTo(ChatInbox.tree(
                "{\"ok\":true,\"online\":[\"alice\",\"bob\"],\"next\":null,\"v\":4}"));
        assertThat(ChatInbox.tree(alice2.call("rooms:list", json()))).isEqualTo(ChatInbox.tree(
                "{\"ok\":true," + rooms(2, -1).substring(1, rooms(2, -1).length() - 1) + ",\"next\":null,\"v\":4}"));
        assertThat(alice2.call("room:join", json("room", "general")).getJSONArray("members").toString())
                .isEqualTo("[\"alice\",\"bob\"]");
        JSONObject first = send(bob, "general", "sentinel 1");
        for (Tab tab : new Tab[] {bob, alice1, alice2}) {
            expectMessage(tab, first);
        }

        // Closing one of two tabs: alice stays online and in the room.
        alice1.socket().close();
        await().until(() -> chat.tabsOnline("alice") == 1);
        JSONObject second = send(alice2, "general", "sentinel 2");
        expectMessage(bob, second);
        expectMessage(alice2, second);

        // The last tab: she left the room and went offline.
        long t1 = System.currentTimeMillis();
        alice2.socket().close();
        bob.inbox().expectStamped("notice", "{\"room\":\"general\",\"text\":\"alice left\"}", t1);
        bob.inbox().expect("room:member", member("general", "alice", false));
        bob.inbox().expect("presence:change", online("alice", false, 5));
        bob.inbox().expect("room:change", roomChange("general", 1, 6));
        expectMessage(bob, send(bob, "general", "sentinel 3"));
    }

    @Test
    void leavingARoomTakesEveryTabOutOfItAndTellsTheOthers() throws Exception {
        Tab alice1 = open(null, "alice");
        String aliceToken = alice1.inbox().next().payload().getString("token");
        Tab alice2 = open(aliceToken, null);
        Tab bob = open(null, "bob");
        for (Tab tab : new Tab[] {alice1, alice2, bob}) {
            tab.call("room:join", json("room", "general"));
            tab.call("room:join", json("room", "lobby"));
        }
        for (Tab sender : new Tab[] {alice1, bob}) {
            String ready = "ready " + sender.socket().id();
            send(sender, "general", ready);
            for (Tab tab : new Tab[] {alice1, alice2, bob}) {
                tab.inbox().skipPast(ready);
            }
        }

        long t0 = System.currentTimeMillis();
        assertThat(ChatInbox.tree(alice1.call("room:leave", json("room", "#Lobby")))).isEqualTo(ChatInbox.tree("{\"ok\":true}"));
        for (Tab tab : new Tab[] {alice1, alice2}) {
            tab.inbox().expect("room:left", "{\"room\":\"lobby\"}");
            tab.inbox().expect("room:change", roomChange("lobby", 1, 7));
        }
        bob.inbox().expectStamped("notice", "{\"room\":\"lobby\",\"text\":\"alice left\"}", t0);
        bob.inbox().expect("room:member", member("lobby", "alice", false));
        bob.inbox().expect("room:change", roomChange("lobby", 1, 7));
        // The room stays in the directory (bob is still in it), with one member.
        String list = rooms(2, 1);
        assertThat(ChatInbox.tree(alice2.call("rooms:list", json()))).isEqualTo(ChatInbox.tree(
                "{\"ok\":true," + list.substring(1, list.length() - 1) + ",\"next\":null,\"v\":7}"));

        // bob's next message to the lobby reaches no tab of alice's: the next thing each receives is the
        // message bob sends to a room she is still in.
        JSONObject inLobby = send(bob, "lobby", "alice is gone");
        JSONObject inGeneral = send(bob, "general", "sentinel");
        expectMessage(bob, inLobby);
        expectMessage(bob, inGeneral);
        expectMessage(alice1, inGeneral);
        expectMessage(alice2, inGeneral);

        String notInRoom = "{\"ok\":false,\"code\":\"not_in_room\",\"error\":\"You are not in that room\"}";
        assertThat(ChatInbox.tree(alice2.call("room:leave", json("room", "lobby")))).isEqualTo(ChatInbox.tree(notInRoom));
        String joinFirst = "{\"ok\":false,\"code\":\"not_in_room\",\"error\":\"Join the room first\"}";
        for (String event : new String[] {"history", "sync", "message:send"}) {
            JSONObject answer = alice1.call(event, json("room", "lobby", "after", 0, "text", "x", "clientId", "x"));
            assertThat(ChatInbox.tree(answer)).as(event).isEqualTo(ChatInbox.tree(joinFirst));
        }
    }

    @Test
    void syncAnswersWhatWasMissedAfterACursorOldestFirstInPages() throws Exception {
        Tab alice = open(null, "alice");
        String aliceToken = alice.inbox().next().payload().getString("token");
        Tab bob = open(null, "bob");
        alice.call("room:join", json("room", "general"));
        bob.call("room:join", json("room", "general"));
        long seen = send(bob, "general", "seen").getLong("id");
        alice.socket().close();
        await().until(() -> chat.tabsOnline("alice") == 0);
        JSONArray missed = new JSONArray();
        missed.put(send(bob, "general", "missed 1"));
        missed.put(send(bob, "general", "missed 2"));

        Tab back = open(aliceToken, null);
        back.call("room:join", json("room", "general"));
        JSONObject sync = back.call("sync", json("room", "general", "after", seen));
        assertThat(ChatInbox.tree(sync)).isEqualTo(ChatInbox.tree(new JSONObject().put("ok", true).put("messages", missed)
                .put("hasMore", false)));
        long last = missed.getJSONObject(1).getLong("id");
        assertThat(ChatInbox.tree(back.call("sync", json("room", "general", "after", last))))
                .isEqualTo(ChatInbox.tree("{\"ok\":true,\"messages\":[],\"hasMore\":false}"));

        // More than a page: the oldest SYNC_PAGE first; asking again after the last one gets the rest.
        for (int i = 0; i < ChatConfig.SYNC_PAGE; i++) {
            send(bob, "general", "bulk " + i);
        }
        JSONObject full = back.call("sync", json("room", "general", "after", last));
        assertThat(full.getBoolean("hasMore")).isFalse();
        JSONArray page = full.getJSONArray("messages");
        assertThat(page.length()).isEqualTo(ChatConfig.SYNC_PAGE);
        assertThat(page.getJSONObject(0).getString("text")).isEqualTo("bulk 0");
        assertThat(page.getJSONObject(ChatConfig.SYNC_PAGE - 1).getString("text")).isEqualTo("bulk " + (ChatConfig.SYNC_PAGE - 1));
        long pageEnd = page.getJSONObject(ChatConfig.SYNC_PAGE - 1).getLong("id");
        JSONObject newest = send(bob, "general", "newest");
        JSONArray rest = back.call("sync", json("room", "general", "after", pageEnd)).getJSONArray("messages");
        assertThat(ChatInbox.tree(rest)).isEqualTo(ChatInbox.tree(new JSONArray().put(newest)));
    }

    @Test
    void everyConnectErrorCodeWithItsMessage() throws Exception {
        String aliceToken = register("alice").token();
        assertRefused(Map.of(), "Pick a nickname", "nickname_required");
        assertRefused(Map.of("nickname", " \t "), "Pick a nickname", "nickname_required");
        assertRefused(Map.of("nickname", "x".repeat(33)), "A nickname has at most 32 characters", "nickname_invalid");
        assertRefused(Map.of("nickname", "bad\u0007name"), "A nickname cannot contain control characters", "nickname_invalid");
        assertRefused(Map.of("nickname", "System"), "That nickname is reserved", "nickname_invalid");
        assertRefused(Map.of("nickname", " ALICE "), "The nickname \"ALICE\" is taken", "nickname_taken");
        // Refused tokens count against the address; at the limit even the right one is refused.
        String invalid = "Unknown session token: log in again";
        assertRefused(Map.of("token", "made-up"), invalid, "token_invalid");
        assertRefused(Map.of("token", "A".repeat(32), "nickname", "mallory"), invalid, "token_invalid");
        assertRefused(Map.of("token", aliceToken.substring(0, 31) + (aliceToken.endsWith("A") ? "B" : "A")), invalid,
                "token_invalid");
        assertRefused(Map.of("token", aliceToken), "Too many failed attempts: try again later", "rate_limited");
        // Registrations check no secret: not throttled.
        assertThat(register("carol").token()).matches("[A-Za-z0-9_-]{32}");
    }

    private void assertRefused(Map<String, ?> auth, String message, String code) throws Exception {
        JSONObject error = refusedWith(auth);
        assertThat(ChatInbox.tree(error)).as(auth.toString()).isEqualTo(ChatInbox.tree(
                new JSONObject().put("message", message).put("data", new JSONObject().put("code", code))));
    }

    @Test
    void filesAreServedSandboxedUnsniffedInlineOnlyForImages() throws Exception {
        String token = register("alice").token();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertServed(upload(token, "cat photo.png", png), png, "image/png",
                "inline; filename*=UTF-8''cat%20photo.png");
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertServed(upload(token, "C:\\Users\\al\\r\u00e9sum\u00e9 *final* (2)'s.pdf", pdf), pdf, "application/pdf",
                "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%2Afinal%2A%20%282%29%27s.pdf");
        byte[] text = "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8);
        assertServed(upload(token, "../../x.svg\u0000.html", text), text, "text/plain; charset=utf-8",
                "attachment; filename*=UTF-8''x.svg.html");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/files/" + "0".repeat(32)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private JSONObject upload(String token, String name, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", token).header("X-File-Name", URLEncoder.encode(name, StandardCharsets.UTF_8))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new JSONObject(response.body());
    }

    private void assertServed(JSONObject file, byte[] body, String type, String disposition) throws Exception {
        assertThat(file.getString("url")).isEqualTo("/files/" + file.getString("id"));
        HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(server.url() + file.getString("url"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(body);
        assertThat(got.headers().allValues("Content-Type")).containsExactly(type);
        assertThat(got.headers().allValues("Content-Disposition")).containsExactly(disposition);
        assertThat(got.headers().allValues("Content-Security-Policy")).containsExactly(CSP);
        assertThat(got.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
    }
}
