package dev.parley.chat.redis;

import dev.parley.chat.cluster.Departure;
import dev.parley.chat.cluster.PresenceRegistry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The chat's presence in Redis, shared by the nodes of a cluster ({@link PresenceScripts} has the keys). Each
 * change is one atomic script, so that a user's first and last tab, and first and last tab in a room, are
 * decided once for all nodes; the reads are single commands. This node's tabs are registered under its id,
 * and {@link NodeLiveness} removes a dead node's tabs. Thread-safe (Lettuce's connection is).
 */
final class RedisPresence implements PresenceRegistry {
    private static final String[] NO_KEYS = new String[0];

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final String node;
    private volatile Consumer<List<Departure>> nodeDepartures;
    private volatile Runnable nodeForgotten;

    RedisPresence(RedisCommands<String, String> redis, String prefix, String node) {
        this.redis = redis;
        this.prefix = prefix;
        this.node = node;
    }

    @Override
    public boolean connect(String user, String tab) {
        return isOne(PresenceScripts.CONNECT.run(redis, ScriptOutputType.INTEGER, NO_KEYS, prefix, node, tab, user));
    }

    @Override
    public Departure disconnect(String user, String tab) {
        List<Object> reply = PresenceScripts.DISCONNECT.run(redis, ScriptOutputType.MULTI, NO_KEYS, prefix, node, tab, user);
        return reply.isEmpty() ? Departure.none(user) : departure(reply);
    }

    @Override
    public boolean join(String user, String tab, String room) {
        return isOne(PresenceScripts.JOIN.run(redis, ScriptOutputType.INTEGER, NO_KEYS, prefix, node, tab, user, room));
    }

    @Override
    public boolean leave(String user, String room) {
        return isOne(PresenceScripts.LEAVE.run(redis, ScriptOutputType.INTEGER, NO_KEYS, prefix, user, room));
    }

    @Override
    public int roomsOf(String user) {
        Long n = PresenceScripts.ROOMS_OF.run(redis, ScriptOutputType.INTEGER, NO_KEYS, prefix, user);
        return n.intValue();
    }

    @Override
    public SortedSet<String> roomNamesOf(String user) {
        List<String> names = PresenceScripts.ROOM_NAMES_OF.run(redis, ScriptOutputType.MULTI, NO_KEYS, prefix, user);
        return new TreeSet<>(names);
    }

    @Override
    public boolean inRoom(String user, String room) {
        return redis.hexists(roomKey(room), user);
    }

    @Override
    public List<String> members(String room) {
        List<String> names = new ArrayList<>(redis.hkeys(roomKey(room)));
        names.sort(null);
        return List.copyOf(names);
    }

    @Override
    public int memberCount(String room) {
        return redis.hlen(roomKey(room)).intValue();
    }

    @Override
    public List<Integer> memberCounts(List<String> rooms) {
        if (rooms.isEmpty()) {
            return List.of();
        }
        String[] args = new String[rooms.size() + 1];
        args[0] = prefix;
        for (int i = 0; i < rooms.size(); i++) {
            args[i + 1] = rooms.get(i);
        }
        List<Object> counts = PresenceScripts.MEMBER_COUNTS.run(redis, ScriptOutputType.MULTI, NO_KEYS, args);
        return counts.stream().map(n -> ((Long) n).intValue()).toList();
    }

    @Override
    public List<String> onlineAfter(String after, int limit) {
        // Scores are all 0: the set is in byte order of the names, and paged by name.
        Range<String> range = Range.from(after == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(after),
                Range.Boundary.unbounded());
        return redis.zrangebylex(prefix + ":online", range, Limit.create(0, limit));
    }

    @Override
    public int tabs(String user) {
        return redis.scard(prefix + ":tabs:" + user).intValue();
    }

    @Override
    public boolean isOnline(String user) {
        return redis.zscore(prefix + ":online", user) != null;
    }

    @Override
    public long nextVersion() {
        return redis.incr(prefix + ":version");
    }

    @Override
    public long version() {
        String v = redis.get(prefix + ":version");
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public void onNodeDeparture(Consumer<List<Departure>> listener) {
        this.nodeDepartures = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void onNodeForgotten(Runnable listener) {
        this.nodeForgotten = Objects.requireNonNull(listener, "listener");
    }

    /** The listener of this node's being taken for dead, or null. */
    Runnable nodeForgotten() {
        return nodeForgotten;
    }

    /** The listener of dead nodes' departures, or null while the chat has not installed one. */
    Consumer<List<Departure>> nodeDepartures() {
        return nodeDepartures;
    }

    /** A script's {@code {user, offline, {rooms}}}. */
    @SuppressWarnings("unchecked")
    static Departure departure(List<Object> reply) {
        List<String> rooms = new ArrayList<>();
        for (Object room : (List<Object>) reply.get(2)) {
            rooms.add((String) room);
        }
        return new Departure((String) reply.get(0), rooms, isOne(reply.get(1)));
    }

    private String roomKey(String room) {
        return prefix + ":room:" + room;
    }

    private static boolean isOne(Object reply) {
        return reply instanceof Long n && n == 1;
    }
}
