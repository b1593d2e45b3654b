package dev.parley.chat.internal;

import static dev.parley.chat.internal.ChatEvents.error;
import static dev.parley.chat.internal.ChatEvents.nick;
import static dev.parley.chat.internal.ChatEvents.ok;
import static dev.parley.chat.internal.ChatEvents.roomKey;
import static dev.parley.chat.internal.ChatEvents.userRoom;

import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code room:remove {room, nickname}}: a moderator takes someone out of a room (docs/chat.md, "Moderators"). All
 * their tabs leave it and get {@code room:left} with {@code removedBy}; the room gets a notice, then the member
 * change, and everyone the new count, as after a leave. It is not a ban: they may join again. {@code general} is
 * everyone's room and nobody leaves it, so nobody is removed from it either. Handlers run on Socket.IO's handler
 * threads.
 */
final class RoomRemovals {
    private final SocketIoServer io;
    private final Presence presence;
    private final ChatDirectory directory;
    private final Moderators moderators;
    private final UnaryOperator<String> resolve;

    /** @param resolve the claimed nickname someone means by a name, or null if nobody has claimed it */
    RoomRemovals(SocketIoServer io, Presence presence, ChatDirectory directory, Moderators moderators,
            UnaryOperator<String> resolve) {
        this.io = io;
        this.presence = presence;
        this.directory = directory;
        this.moderators = moderators;
        this.resolve = resolve;
    }

    void install(SocketIoSocket socket) {
        socket.on("room:remove", args -> remove(socket, args));
    }

    private void remove(SocketIoSocket socket, EventArgs args) {
        String me = nick(socket);
        Payload p = Payload.of(args.get(0));
        String room = Nicknames.room(p.string("room"));
        String named = Nicknames.normalize(p.string("nickname"));
        String user = named == null || named.isEmpty() ? null : resolve.apply(named);
        if (!moderators.isModerator(me)) {
            args.ack(error("not_allowed", "Only moderators can remove someone from a room"));
            return;
        }
        if (room == null) {
            args.ack(error("invalid_room", "A room name has 1-64 letters, digits, '-' or '_'"));
            return;
        }
        if (room.equals(ChatEvents.DEFAULT_ROOM)) {
            args.ack(error("not_allowed", "Nobody can be removed from #" + room + ": everyone is in it"));
            return;
        }
        if (user == null || !presence.leave(user, room)) {
            args.ack(error("not_in_room", (named == null ? "That user" : named) + " is not in #" + room));
            return;
        }
        io.in(userRoom(user)).socketsLeave(roomKey(room));
        args.ack(ok());
        io.in(userRoom(user)).emit("room:left", Map.of("room", room, "removedBy", me));
        io.to(roomKey(room)).emit("notice", Map.of("room", room, "text", user + " was removed by " + me,
                "ts", System.currentTimeMillis()));
        io.to(roomKey(room)).emit("room:member", Map.of("room", room, "nickname", user, "joined", false));
        directory.roomChanged(room);
    }
}
