package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Rooms nobody uses expire (issue 17 §1.11) with the official Java client: a room nobody wrote in and nobody
 * is in disappears after {@code roomExpiry} and everyone gets the new list; a room with a message, a room
 * someone is in and {@code general} stay. The expiry is short here (a sweep every 300 ms); the test waits
 * for the sweep with Awaitility, never a sleep.
 */
class ChatRoomExpiryIT extends ChatTestBase {
    private static final Duration EXPIRY = Duration.ofMillis(300);

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.roomExpiry(EXPIRY);
    }

    @Test
    void aRoomNobodyWroteInNorIsInExpiresTheOthersStay() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        call(alice, "room:join", json("room", "written"));
        call(alice, "message:send", json("room", "written", "text", "history", "clientId", "w-1"));
        call(alice, "room:leave", json("room", "written"));
        call(bob, "room:join", json("room", "occupied"));
        BlockingQueue<JSONObject> removals = new ArrayBlockingQueue<>(50);
        bob.on("room:removed", a -> removals.add((JSONObject) a[0]));
        // Created last: when it is gone, a sweep ran after every other room's expiry too.
        call(alice, "room:join", json("room", "empty"));
        call(alice, "room:leave", json("room", "empty"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !rooms(alice).contains("empty"));
        assertThat(rooms(alice)).containsExactly("general", "occupied", "written");
        // Everyone was told, by a change of its own: that room, and only that one, was removed.
        JSONObject removed = removals.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(removed).isNotNull();
        assertThat(removed.getString("name")).isEqualTo("empty");
        assertThat(removed.getLong("v")).isPositive();
        assertThat(removals).isEmpty();
        // The room can be made again, and its history (none) is what it was.
        JSONObject again = call(alice, "room:join", json("room", "empty"));
        assertThat(again.getBoolean("ok")).isTrue();
        assertThat(again.getJSONArray("history").length()).isZero();
        assertThat(call(alice, "room:join", json("room", "written")).getJSONArray("history").length()).isEqualTo(1);
    }

    private static List<String> rooms(Socket socket) throws Exception {
        return names(call(socket, "rooms:list", json()));
    }

    private static List<String> names(JSONObject list) {
        try {
            JSONArray rooms = list.getJSONArray("rooms");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < rooms.length(); i++) {
                names.add(rooms.getJSONObject(i).getString("name"));
            }
            return names;
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
    }
}
