package dev.parley.chat.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is online (a user may have several tabs) and who is in which room. A user is in a room while at
 * least one of their tabs is; the first tab in announces the join, the last tab out the leave.
 * All methods are synchronized: the maps change together.
 */
public final class Presence {
    // In name order, so that the online list is paged without sorting it (presence:list).
    private final NavigableMap<String, Set<String>> tabsByUser = new TreeMap<>();
    private final Map<String, Map<String, Set<String>>> roomTabs = new HashMap<>();

    /** A tab connected; true if it is the user's first (they just came online). */
    public synchronized boolean connect(String user, String tab) {
        Set<String> tabs = tabsByUser.computeIfAbsent(user, u -> new HashSet<>());
        boolean first = tabs.isEmpty();
        tabs.add(tab);
        return first;
    }

    /**
     * A tab disconnected. Returns the rooms the user left with it (their last tab in them), and whether
     * the user went offline, as {@code result.offline()}.
     */
    public synchronized Departure disconnect(String user, String tab) {
        Set<String> tabs = tabsByUser.get(user);
        if (tabs == null || !tabs.remove(tab)) {
            return new Departure(List.of(), false);
        }
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, Map<String, Set<String>>> room : roomTabs.entrySet()) {
            Set<String> userTabs = room.getValue().get(user);
            if (userTabs != null && userTabs.remove(tab) && userTabs.isEmpty()) {
                room.getValue().remove(user);
                left.add(room.getKey());
            }
        }
        roomTabs.values().removeIf(Map::isEmpty);
        boolean offline = tabs.isEmpty();
        if (offline) {
            tabsByUser.remove(user);
        }
        return new Departure(left, offline);
    }

    /** What a disconnecting tab took with it. */
    public record Departure(List<String> roomsLeft, boolean offline) {
    }

    /** A tab joined a room; true if it is the user's first tab there. */
    public synchronized boolean join(String user, String tab, String room) {
        Set<String> userTabs = roomTabs.computeIfAbsent(room, r -> new HashMap<>()).computeIfAbsent(user, u -> new HashSet<>());
        boolean first = userTabs.isEmpty();
        userTabs.add(tab);
        return first;
    }

    /** The user left a room with all their tabs; true if they were in it. */
    public synchronized boolean leave(String user, String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        boolean was = users != null && users.remove(user) != null;
        if (users != null && users.isEmpty()) {
            roomTabs.remove(room);
        }
        return was;
    }

    public synchronized int roomsOf(String user) {
        int n = 0;
        for (Map<String, Set<String>> users : roomTabs.values()) {
            if (users.containsKey(user)) {
                n++;
            }
        }
        return n;
    }

    public synchronized boolean inRoom(String user, String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users != null && users.containsKey(user);
    }

    public synchronized List<String> members(String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users == null ? List.of() : List.copyOf(new TreeSet<>(users.keySet()));
    }

    public synchronized List<String> online() {
        return List.copyOf(tabsByUser.keySet());
    }

    /** At most {@code limit} online users after {@code after} (from the first if null), in name order. */
    public synchronized List<String> onlineAfter(String after, int limit) {
        Iterable<String> names = after == null ? tabsByUser.keySet() : tabsByUser.tailMap(after, false).keySet();
        List<String> page = new ArrayList<>();
        for (String name : names) {
            if (page.size() == limit) {
                break;
            }
            page.add(name);
        }
        return page;
    }

    /** How many tabs the user has connected. */
    public synchronized int tabs(String user) {
        Set<String> tabs = tabsByUser.get(user);
        return tabs == null ? 0 : tabs.size();
    }

    public synchronized boolean isOnline(String user) {
        return tabsByUser.containsKey(user);
    }

    public synchronized int memberCount(String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users == null ? 0 : users.size();
    }

    /** The rooms the user is in now (with any tab). */
    public synchronized Set<String> roomNamesOf(String user) {
        Set<String> rooms = new TreeSet<>();
        for (Map.Entry<String, Map<String, Set<String>>> room : roomTabs.entrySet()) {
            if (room.getValue().containsKey(user)) {
                rooms.add(room.getKey());
            }
        }
        return rooms;
    }
}
