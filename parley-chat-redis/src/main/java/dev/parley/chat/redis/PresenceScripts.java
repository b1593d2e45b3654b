package dev.parley.chat.redis;

/**
 * The Lua scripts that change presence, each atomic in Redis, so that "first tab" and "last tab" are decided
 * once for the whole cluster. Keys, under the prefix {@code P} ({@code ARGV[1]}):
 * <ul>
 * <li>{@code P:nodes}: set of the nodes that registered tabs; {@code P:alive:<node>}: the node's liveness key
 *     (a string with a TTL the node refreshes);
 * <li>{@code P:node:<node>}: hash tab -> user, the node's tabs (what dies with it);
 * <li>{@code P:tabs:<user>}: set of the user's tabs as {@code <node>/<tab>} (a recovered socket keeps its id on
 *     another node: the node tells the two apart);
 * <li>{@code P:tabrooms:<node>/<tab>}: set of the rooms the tab is in;
 * <li>{@code P:room:<room>}: hash user -> how many of the user's tabs are in the room;
 * <li>{@code P:online}: sorted set (all scores 0, so in name order) of the users with a tab.
 * </ul>
 * Keys are built inside the scripts: one Redis server (or a primary with replicas), not a Redis Cluster.
 */
final class PresenceScripts {
    private PresenceScripts() {
    }

    /** {@code depart(p, node, tab, user)}: the tab's departure as {user, offline 0/1, rooms left}, or nil if unknown. */
    private static final String DEPART = """
            local function depart(p, node, tab, user)
              local id = node .. '/' .. tab
              if redis.call('SREM', p .. ':tabs:' .. user, id) == 0 then return nil end
              redis.call('HDEL', p .. ':node:' .. node, tab)
              local left = {}
              local tabRooms = p .. ':tabrooms:' .. id
              for _, room in ipairs(redis.call('SMEMBERS', tabRooms)) do
                local roomKey = p .. ':room:' .. room
                if redis.call('HINCRBY', roomKey, user, -1) <= 0 then
                  redis.call('HDEL', roomKey, user)
                  table.insert(left, room)
                end
              end
              redis.call('DEL', tabRooms)
              local offline = 0
              if redis.call('SCARD', p .. ':tabs:' .. user) == 0 then
                redis.call('ZREM', p .. ':online', user)
                offline = 1
              end
              return {user, offline, left}
            end
            """;

    /** The tab's registration (idempotent); true if the user had no tab before. */
    private static final String REGISTER = """
            local function register(p, node, tab, user)
              redis.call('HSET', p .. ':node:' .. node, tab, user)
              local added = redis.call('SADD', p .. ':tabs:' .. user, node .. '/' .. tab)
              redis.call('ZADD', p .. ':online', 0, user)
              return added == 1 and redis.call('SCARD', p .. ':tabs:' .. user) == 1
            end
            """;

    /** ARGV: prefix, node, tab, user. 1 if it is the user's first tab. */
    static final LuaScript CONNECT = new LuaScript(REGISTER + """
            return register(ARGV[1], ARGV[2], ARGV[3], ARGV[4]) and 1 or 0
            """);

    /** ARGV: prefix, node, tab, user. {user, offline, rooms left}, or an empty reply if the tab was unknown. */
    static final LuaScript DISCONNECT = new LuaScript(DEPART + """
            return depart(ARGV[1], ARGV[2], ARGV[3], ARGV[4]) or {}
            """);

    /**
     * ARGV: prefix, node, tab, user, room. 1 if it is the user's first tab in the room. The tab is registered
     * again if it is not (its node was taken for dead while it was only slow): a live tab is never outside.
     */
    static final LuaScript JOIN = new LuaScript(REGISTER + """
            local p, user, room = ARGV[1], ARGV[4], ARGV[5]
            register(p, ARGV[2], ARGV[3], user)
            if redis.call('SADD', p .. ':tabrooms:' .. ARGV[2] .. '/' .. ARGV[3], room) == 0 then return 0 end
            return redis.call('HINCRBY', p .. ':room:' .. room, user, 1) == 1 and 1 or 0
            """);

    /** ARGV: prefix, user, room. 1 if the user was in the room; all their tabs, on every node, leave it. */
    static final LuaScript LEAVE = new LuaScript("""
            local p, user, room = ARGV[1], ARGV[2], ARGV[3]
            local was = redis.call('HDEL', p .. ':room:' .. room, user)
            for _, id in ipairs(redis.call('SMEMBERS', p .. ':tabs:' .. user)) do
              redis.call('SREM', p .. ':tabrooms:' .. id, room)
            end
            return was
            """);

    /** ARGV: prefix, user. How many distinct rooms the user's tabs are in. */
    static final LuaScript ROOMS_OF = new LuaScript("""
            local p = ARGV[1]
            local seen, n = {}, 0
            for _, id in ipairs(redis.call('SMEMBERS', p .. ':tabs:' .. ARGV[2])) do
              for _, room in ipairs(redis.call('SMEMBERS', p .. ':tabrooms:' .. id)) do
                if not seen[room] then
                  seen[room] = true
                  n = n + 1
                end
              end
            end
            return n
            """);

    /** ARGV: prefix, user. The rooms the user's tabs are in, each once. */
    static final LuaScript ROOM_NAMES_OF = new LuaScript("""
            local p = ARGV[1]
            local seen, names = {}, {}
            for _, id in ipairs(redis.call('SMEMBERS', p .. ':tabs:' .. ARGV[2])) do
              for _, room in ipairs(redis.call('SMEMBERS', p .. ':tabrooms:' .. id)) do
                if not seen[room] then
                  seen[room] = true
                  names[#names + 1] = room
                end
              end
            end
            return names
            """);

    /** ARGV: prefix, then rooms. The member count of each, in order. */
    static final LuaScript MEMBER_COUNTS = new LuaScript("""
            local counts = {}
            for i = 2, #ARGV do counts[i - 1] = redis.call('HLEN', ARGV[1] .. ':room:' .. ARGV[i]) end
            return counts
            """);

    /**
     * ARGV: prefix, node, ttl in ms. Refreshes the node's liveness key and returns the nodes whose key has
     * expired: the first element is 1 if this node had to be added to {@code P:nodes} again.
     */
    static final LuaScript HEARTBEAT = new LuaScript("""
            local p, node = ARGV[1], ARGV[2]
            redis.call('SET', p .. ':alive:' .. node, '1', 'PX', ARGV[3])
            local dead = {redis.call('SADD', p .. ':nodes', node)}
            for _, other in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
              if redis.call('EXISTS', p .. ':alive:' .. other) == 0 then table.insert(dead, other) end
            end
            return dead
            """);

    /**
     * ARGV: prefix, node. If the node's liveness key is gone and it is still listed, unlists it and removes its
     * tabs: the departures, one per tab, {{user, offline, rooms left}...}. Only the first caller gets them.
     */
    static final LuaScript REAP = new LuaScript(DEPART + """
            local p, node = ARGV[1], ARGV[2]
            if redis.call('EXISTS', p .. ':alive:' .. node) == 1 then return {} end
            if redis.call('SREM', p .. ':nodes', node) == 0 then return {} end
            local tabs = redis.call('HGETALL', p .. ':node:' .. node)
            local out = {}
            for i = 1, #tabs, 2 do
              local d = depart(p, node, tabs[i], tabs[i + 1])
              if d then table.insert(out, d) end
            end
            redis.call('DEL', p .. ':node:' .. node)
            return out
            """);
}
