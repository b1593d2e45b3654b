package dev.parley.chat;

import static dev.parley.chat.ChatTestBase.call;
import static dev.parley.chat.ChatTestBase.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;

/** What the mention tests do and read over a socket ({@link ChatMentionsIT}, {@link ChatMentionEditsIT}). */
final class MentionSteps {
    private MentionSteps() {
    }

    /** Sends a room message that must be accepted; returns it as stored. */
    static JSONObject say(Socket socket, String room, String text) throws Exception {
        return say(socket, room, text, UUID.randomUUID().toString());
    }

    static JSONObject say(Socket socket, String room, String text, String clientId) throws Exception {
        JSONObject sent = call(socket, "message:send", json("room", room, "text", text, "clientId", clientId));
        assertThat(sent.getBoolean("ok")).as(sent.toString()).isTrue();
        return sent.getJSONObject("message");
    }

    static void join(Socket socket, String room) throws Exception {
        assertThat(call(socket, "room:join", json("room", room)).getBoolean("ok")).isTrue();
    }

    /** The message's {@code mentions} (empty if absent). */
    static List<String> mentions(JSONObject message) throws Exception {
        List<String> names = new ArrayList<>();
        JSONArray list = message.optJSONArray("mentions");
        for (int i = 0; list != null && i < list.length(); i++) {
            names.add(list.getString(i));
        }
        return names;
    }

    /** The {@code mentions} answer as "room:unread" entries. */
    static List<String> unread(Socket socket) throws Exception {
        JSONObject answer = call(socket, "mentions", json());
        assertThat(answer.getBoolean("ok")).isTrue();
        List<String> rooms = new ArrayList<>();
        JSONArray list = answer.getJSONArray("rooms");
        for (int i = 0; i < list.length(); i++) {
            rooms.add(list.getJSONObject(i).getString("room") + ":" + list.getJSONObject(i).getInt("unread"));
        }
        return rooms;
    }
}
