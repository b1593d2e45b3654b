package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.ChatInbox.Event;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 8, with the official Java client: what a page shows after a reload is what it showed live.
 * A reload within the grace period (an hour here, so that no timing matters) is not a leave and a join; an
 * explicit {@code room:leave} is one at once. A room message's status is the same live and in history.
 */
class ChatReloadIT extends ChatTestBase {

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.leaveGrace(Duration.ofHours(1));
    }

    @Test
    void aReloadWithinTheGracePeriodIsNotALeaveAndAJoin() throws Exception {
        Login alice = register("alice");
        call(alice.socket(), "room:join", json("room", "general"));
        ChatInbox[] inbox = new ChatInbox[1];
        Socket bob = connect(null, "bob", s -> inbox[0] = ChatInbox.of(s));
        call(bob, "room:join", json("room", "general"));
        call(bob, "message:send", json("room", "general", "text", "bob ready", "clientId", "b-1"));
        inbox[0].skipPast("bob ready");

        // The reload: the tab closes, a new one opens with the token and joins the same room.
        alice.socket().close();
        Socket reloaded = connect(alice.token(), null);
        JSONObject joined = call(reloaded, "room:join", json("room", "general"));
        assertThat(joined.getJSONArray("members").toString()).isEqualTo("[\"alice\",\"bob\"]");
        call(reloaded, "message:send", json("room", "general", "text", "alice is back", "clientId", "a-1"));
        // Nothing between bob's own message and alice's: no "alice left", no "alice joined", no presence change.
        Event next = inbox[0].next();
        assertThat(next.name()).as(next.toString()).isEqualTo("message");
        assertThat(next.payload().getString("text")).isEqualTo("alice is back");
        assertThat(call(bob, "presence:list", json()).getJSONArray("online").toString()).isEqualTo("[\"alice\",\"bob\"]");

        // Leaving on purpose is not held back.
        call(reloaded, "room:leave", json("room", "general"));
        Event left = inbox[0].next();
        assertThat(left.name()).isEqualTo("notice");
        assertThat(left.payload().getString("text")).isEqualTo("alice left");
    }

    @Test
    void aRoomMessagesStatusIsTheSameLiveAndAfterAReload() throws Exception {
        Login alice = register("alice");
        BlockingQueue<JSONObject> statuses = new ArrayBlockingQueue<>(5);
        alice.socket().on("message:status", a -> statuses.add((JSONObject) a[0]));
        call(alice.socket(), "room:join", json("room", "general"));
        JSONObject alone = call(alice.socket(), "message:send", json("room", "general", "text", "nobody here", "clientId", "a-1"));
        assertThat(alone.getJSONObject("message").getString("status")).isEqualTo("sent");

        Socket bob = connect(null, "bob", s -> s.on("message", a -> {
            JSONObject m = (JSONObject) a[0];
            // As the web page does: every room message received is acknowledged as delivered.
            s.emit("message:delivered", new JSONObject(java.util.Map.of("id", m.optLong("id"))));
        }));
        call(bob, "room:join", json("room", "general"));
        JSONObject seen = call(alice.socket(), "message:send", json("room", "general", "text", "hi bob", "clientId", "a-2"));
        long id = seen.getJSONObject("message").getLong("id");
        JSONObject live = statuses.poll(10, TimeUnit.SECONDS);
        assertThat(live).isNotNull();
        assertThat(live.getLong("id")).isEqualTo(id);
        assertThat(live.getString("status")).isEqualTo("delivered");

        // After a reload, the history says what the page said live: delivered for the one bob got, sent for the other.
        Socket reloaded = connect(alice.token(), null);
        JSONArray history = call(reloaded, "room:join", json("room", "general")).getJSONArray("history");
        assertThat(history.length()).isEqualTo(2);
        assertThat(history.getJSONObject(0).getString("status")).isEqualTo("sent");
        assertThat(history.getJSONObject(1).getString("status")).isEqualTo("delivered");
        JSONArray page = call(reloaded, "history", json("room", "general")).getJSONArray("messages");
        assertThat(page.getJSONObject(1).getString("status")).isEqualTo("delivered");
    }
}
