package dev.parley.chat.cluster;

import java.util.List;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * Who is online and who is in which room, as every node of the chat sees it. A user is online while at
 * least one of their tabs (connections) is, on any node, and in a room while at least one of their tabs is;
 * the first tab in announces the join, the last tab out the leave. A tab is named by its Socket.IO id and
 * belongs to the node that registered it.
 *
 * <p>On one node this is kept in memory ({@link ChatCluster#local()}); on several, in a store all nodes share
 * (parley-chat-redis), where a node that dies takes its tabs with it: {@link #onNodeDeparture} tells the
 * surviving nodes, once, what its users left.
 *
 * <p>Implementations are thread-safe. Methods may block (a network round trip): call them off event loops,
 * as the chat's handlers run.
 */
public interface PresenceRegistry {
    /** A tab connected; true if it is the user's first (they just came online). */
    boolean connect(String user, String tab);

    /**
     * A tab disconnected: it leaves its rooms. Returns the rooms the user left with it (their last tab in
     * them) and whether the user went offline; nothing if the tab was unknown (already gone).
     */
    Departure disconnect(String user, String tab);

    /** A tab joined a room; true if it is the user's first tab there. */
    boolean join(String user, String tab, String room);

    /** The user left a room with all their tabs, on every node; true if they were in it. */
    boolean leave(String user, String room);

    /** How many rooms the user is in. */
    int roomsOf(String user);

    /** The rooms the user is in now (with any tab, on any node), in name order. */
    SortedSet<String> roomNamesOf(String user);

    boolean inRoom(String user, String room);

    /** The users in a room, in name order. */
    List<String> members(String room);

    int memberCount(String room);

    /** The member count of each room, in the order given (a page of the room list asks them at once). */
    default List<Integer> memberCounts(List<String> rooms) {
        return rooms.stream().map(this::memberCount).toList();
    }

    /** At most {@code limit} online users after {@code after} (from the first if null), in name order. */
    List<String> onlineAfter(String after, int limit);

    /** How many tabs the user has connected, on all nodes. */
    int tabs(String user);

    boolean isOnline(String user);

    /**
     * The next version of the presence and room lists: one counter for all nodes, so that of two changes to
     * one name, sent by any nodes, the higher version is at least as recent (docs/chat.md, "Presence and the
     * room list").
     */
    long nextVersion();

    /** The current version, for a page of a list. */
    long version();

    /**
     * Tells {@code listener} what the users of a node that stopped answering took with them, once for the
     * whole cluster (one surviving node gets it). Never called on one node. At most one listener.
     */
    void onNodeDeparture(Consumer<List<Departure>> listener);

    /**
     * Tells {@code listener} when the other nodes took this one for dead (it could not refresh its liveness for
     * longer than its TTL: a long pause, Redis away) and removed its tabs, announcing its users as gone: its
     * connections should start again, so that they are registered and announced anew. Never called on one node.
     * At most one listener.
     */
    void onNodeForgotten(Runnable listener);
}
