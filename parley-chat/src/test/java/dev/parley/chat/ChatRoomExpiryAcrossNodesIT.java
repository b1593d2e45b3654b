package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.internal.ExpirySweeps;
import dev.parley.chat.internal.Presence;
import dev.parley.chat.internal.RoomExpiry;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import io.socket.client.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Room expiry against a join on another node (docs/chat.md, "On several servers"), with the official Java client:
 * node 1 is the chat under test, node 2 a second expiry sweeping the same database, whose count of the room's
 * members was taken before the join's presence was recorded (here: a presence that never sees it, and a sweep
 * run right after the join). The room, old enough to expire (its time set back in the database rather than
 * waited for), must survive: the join wins on any node. Runs on SQLite and on PostgreSQL ({@link ChatStoresTestBase}).
 */
class ChatRoomExpiryAcrossNodesIT extends ChatStoresTestBase {
    /** Both nodes' expiry: node 1's first sweep comes after a minute, later than this test ends. */
    private static final Duration EXPIRY = Duration.ofHours(1);

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.roomExpiry(EXPIRY);
    }

    /** Makes the room as old as twice the expiry, as if it had been created then. */
    private void age(String room) throws Exception {
        ChatConfig config = chat.config();
        try (Connection db = DriverManager.getConnection(config.jdbcUrl(), config.databaseUser(), config.databasePassword());
                PreparedStatement update = db.prepareStatement("UPDATE rooms SET created_at = ? WHERE name = ?")) {
            update.setLong(1, System.currentTimeMillis() - 2 * EXPIRY.toMillis());
            update.setString(2, room);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aRoomJoinedOnOneNodeIsNotDeletedByAnotherNodesSweepThatMissedTheJoin() throws Exception {
        Socket alice = register("alice").socket();
        Socket bob = register("bob").socket();
        assertThat(call(alice, "room:join", json("room", "quiet")).getBoolean("ok")).isTrue();
        assertThat(call(alice, "room:leave", json("room", "quiet")).getBoolean("ok")).isTrue();
        age("quiet");
        ChatConfig config = chat.config();
        try (ChatStore otherNode = JdbcChatStore.open(config.jdbcUrl(), config.databaseUser(), config.databasePassword());
                RoomExpiry otherExpiry = new RoomExpiry(otherNode, new Presence(), EXPIRY, "general", rooms -> { })) {
            assertThat(otherNode.idleRooms(System.currentTimeMillis() - EXPIRY.toMillis(), "general", 10))
                    .as("expired, nobody having written in it").containsExactly("quiet");

            assertThat(call(bob, "room:join", json("room", "quiet")).getBoolean("ok")).isTrue();
            assertThat(ExpirySweeps.sweepNow(otherExpiry)).as("rooms node 2 deleted").isZero();
            assertThat(otherNode.roomExists("quiet")).isTrue();
            // Bob writes there: the room is whole.
            assertThat(call(bob, "message:send", json("room", "quiet", "text", "still here", "clientId", "q-1"))
                    .getBoolean("ok")).isTrue();

            // Left empty and never written in, a room still expires: a join only restarts its time.
            assertThat(call(alice, "room:join", json("room", "silent")).getBoolean("ok")).isTrue();
            assertThat(call(alice, "room:leave", json("room", "silent")).getBoolean("ok")).isTrue();
            age("silent");
            assertThat(ExpirySweeps.sweepNow(otherExpiry)).isEqualTo(1);
            assertThat(otherNode.rooms()).doesNotContain("silent").containsAll(List.of("general", "quiet"));
        }
    }
}
