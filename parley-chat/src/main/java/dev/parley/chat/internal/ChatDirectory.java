package dev.parley.chat.internal;

import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.store.ChatStore;
import dev.parley.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is online and which rooms exist, as everyone sees them: changes go to everyone as small events of a
 * constant size ({@code presence:change}, {@code room:change}, {@code room:removed}), and the lists only to
 * whoever asks for them, a page at a time ({@code presence:list}, {@code rooms:list}). Sending the whole
 * lists to everyone on every change made N users arriving cost O(N^2) bytes per user (issue 17, item 10).
 *
 * <p>Every change and every page carries a version {@code v} from one counter (the registry's, shared by all
 * the nodes of a cluster, since a client receives the changes every node sends), taken after the change and
 * before its state is read: of two statements about one name, the higher {@code v} is at least as recent. A
 * client applies a change only if it is newer than what it has for that name, and a page entry only if no
 * newer change came for it (docs/chat.md, "Presence and the room list"). Thread-safe.
 */
public final class ChatDirectory {
    private final SocketIoServer io;
    private final ChatStore store;
    private final PresenceRegistry presence;
    private final int pageSize;

    /** @param pageSize names per {@code presence:list} or {@code rooms:list} answer */
    public ChatDirectory(SocketIoServer io, ChatStore store, PresenceRegistry presence, int pageSize) {
        this.io = io;
        this.store = store;
        this.presence = presence;
        this.pageSize = pageSize;
    }

    /** The user's first tab connected, or their last one closed. */
    public void presenceChanged(String nickname, boolean online) {
        long v = presence.nextVersion();
        io.emit("presence:change", Map.of("nickname", nickname, "online", online, "v", v));
    }

    /** A room was created, or its member count changed. */
    public void roomChanged(String room) {
        long v = presence.nextVersion();
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("name", room);
        change.put("members", presence.memberCount(room));
        change.put("v", v);
        io.emit("room:change", change);
    }

    /** Rooms were deleted (expired). */
    public void roomsRemoved(List<String> rooms) {
        for (String room : rooms) {
            long v = presence.nextVersion();
            io.emit("room:removed", Map.of("name", room, "v", v));
        }
    }

    /** {@code {online: [nick], next, v}}: the online users after {@code after} in name order; {@code next} null at the end. */
    public Map<String, Object> presencePage(String after) {
        long v = presence.version();
        List<String> names = presence.onlineAfter(after, pageSize + 1);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("online", names.subList(0, Math.min(pageSize, names.size())));
        page.put("next", names.size() > pageSize ? names.get(pageSize - 1) : null);
        page.put("v", v);
        return page;
    }

    /** {@code {rooms: [{name, members}], next, v}}: the rooms after {@code after} in name order. */
    public Map<String, Object> roomPage(String after) {
        long v = presence.version();
        List<String> names = new ArrayList<>();
        String next = null;
        // The store holds at most maxRooms (1,000 by default): reading their names is cheap, sending them is not.
        // Sorted here, not by the database, whose collation (PostgreSQL's locale) may not be String order.
        for (String name : new java.util.TreeSet<>(store.rooms())) {
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == pageSize) {
                next = names.get(pageSize - 1);
                break;
            }
            names.add(name);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("rooms", rooms(names));
        page.put("next", next);
        page.put("v", v);
        return page;
    }

    /** Every room with its member count, {@code {rooms: [{name, members}]}} (the HTTP API's answer). */
    public Map<String, Object> allRooms() {
        return Map.of("rooms", rooms(store.rooms()));
    }

    /** {@code [{name, members}]}, the counts asked for all at once (one round trip in a cluster). */
    private List<Map<String, Object>> rooms(List<String> names) {
        List<Integer> counts = presence.memberCounts(names);
        List<Map<String, Object>> rooms = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", names.get(i));
            r.put("members", counts.get(i));
            rooms.add(r);
        }
        return rooms;
    }
}
