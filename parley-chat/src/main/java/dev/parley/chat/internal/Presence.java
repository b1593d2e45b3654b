package dev.parley.chat.internal;

import dev.parley.chat.cluster.Departure;
import dev.parley.chat.cluster.PresenceRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Who is online (a user may have several tabs) and who is in which room, on one node: the
 * {@link PresenceRegistry} of {@code ChatCluster.local()}. A user is in a room while at least one of their tabs
 * is; the first tab in announces the join, the last tab out the leave. All methods are synchronized: the maps
 * change together. No node ever departs, so {@link #onNodeDeparture} never calls its listener.
 */
public final class Presence implements PresenceRegistry {
    // In name order, so that the online list is paged without sorting it (presence:list).
    private final NavigableMap<String, Set<String>> tabsByUser = new TreeMap<>();
    private final Map<String, Map<String, Set<String>>> roomTabs = new HashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** A tab connected; true if it is the user's first (they just came online). */
    @Override
    public synchronized boolean connect(String user, String tab) {
        Set<String> tabs = tabsByUser.computeIfAbsent(user, u -> new HashSet<>());
        boolean first = tabs.isEmpty();
        tabs.add(tab);
        return first;
    }

    @Override
    public synchronized Departure disconnect(String user, String tab) {
        Set<String> tabs = tabsByUser.get(user);
        if (tabs == null || !tabs.remove(tab)) {
            return Departure.none(user);
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
        return new Departure(user, left, offline);
    }

    /** A tab joined a room; true if it is the user's first tab there. */
    @Override
    public synchronized boolean join(String user, String tab, String room) {
        Set<String> userTabs = roomTabs.computeIfAbsent(room, r -> new HashMap<>()).computeIfAbsent(user, u -> new HashSet<>());
        boolean first = userTabs.isEmpty();
        userTabs.add(tab);
        return first;
    }

    /** The user left a room with all their tabs; true if they were in it. */
    @Override
    public synchronized boolean leave(String user, String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        boolean was = users != null && users.remove(user) != null;
        if (users != null && users.isEmpty()) {
            roomTabs.remove(room);
        }
        return was;
    }

    @Override
    public synchronized int roomsOf(String user) {
        int n = 0;
        for (Map<String, Set<String>> users : roomTabs.values()) {
            if (users.containsKey(user)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized boolean inRoom(String user, String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users != null && users.containsKey(user);
    }

    @Override
    public synchronized List<String> members(String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users == null ? List.of() : List.copyOf(new TreeSet<>(users.keySet()));
    }

    /** At most {@code limit} online users after {@code after} (from the first if null), in name order. */
    @Override
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
    @Override
    public synchronized int tabs(String user) {
        Set<String> tabs = tabsByUser.get(user);
        return tabs == null ? 0 : tabs.size();
    }

    @Override
    public synchronized boolean isOnline(String user) {
        return tabsByUser.containsKey(user);
    }

    @Override
    public synchronized int memberCount(String room) {
        Map<String, Set<String>> users = roomTabs.get(room);
        return users == null ? 0 : users.size();
    }

    @Override
    public synchronized SortedSet<String> roomNamesOf(String user) {
        TreeSet<String> rooms = new TreeSet<>();
        for (Map.Entry<String, Map<String, Set<String>>> room : roomTabs.entrySet()) {
            if (room.getValue().containsKey(user)) {
                rooms.add(room.getKey());
            }
        }
        return rooms;
    }

    @Override
    public long nextVersion() {
        return version.incrementAndGet();
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public void onNodeDeparture(Consumer<List<Departure>> listener) {
        // One node: none other can depart.
    }

    @Override
    public void onNodeForgotten(Runnable listener) {
        // One node: none other can take it for dead.
    }
}
