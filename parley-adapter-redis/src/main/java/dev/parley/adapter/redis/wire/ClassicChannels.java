package dev.parley.adapter.redis.wire;

import java.util.Collection;
import java.util.Optional;

/**
 * The Redis channels of one namespace under one key, named as {@code RedisAdapter}'s constructor and
 * {@code broadcast} name them in {@code @socket.io/redis-adapter} 8.3.0 (and the emitter 5.1.0). Immutable.
 *
 * @param key       the key prefix ({@code opts.key}, {@code "socket.io"} by default)
 * @param namespace the namespace name, with its leading slash ({@code "/"}, {@code "/admin"})
 */
public record ClassicChannels(String key, String namespace) {
    /** The key Node uses when none is given. */
    public static final String DEFAULT_KEY = "socket.io";

    /** {@code key#nsp#}: broadcasts to no room or several rooms. */
    public String broadcast() {
        return key + "#" + namespace + "#";
    }

    /** {@code key#nsp#room#}: a broadcast to exactly one room. */
    public String broadcast(String room) {
        return broadcast() + room + "#";
    }

    /** The channel Node publishes a broadcast to: the room's own channel when exactly one room, else the plain one. */
    public String broadcastTo(Collection<String> rooms) {
        return rooms.size() == 1 ? broadcast(rooms.iterator().next()) : broadcast();
    }

    /** {@code key#nsp#*}: the pattern each server PSUBSCRIBEs to. */
    public String pattern() {
        return broadcast() + "*";
    }

    /** {@code key-request#nsp#}. */
    public String request() {
        return key + "-request#" + namespace + "#";
    }

    /** {@code key-response#nsp#}: where responses go unless {@code publishOnSpecificResponseChannel}. */
    public String response() {
        return key + "-response#" + namespace + "#";
    }

    /** {@code key-response#nsp#uid#}: the response channel of the server {@code uid}. */
    public String response(String uid) {
        return response() + uid + "#";
    }

    /**
     * The room of a broadcast channel as Node's {@code onmessage} reads it ({@code channel.slice(prefix.length,
     * -1)}): empty if {@code channel} is not this namespace's, {@code ""} for the plain channel.
     */
    public Optional<String> roomOf(String channel) {
        String prefix = broadcast();
        if (!channel.startsWith(prefix)) {
            return Optional.empty();
        }
        // slice(start, -1) drops the last character, whatever it is, and gives "" when nothing is left
        int end = Math.max(prefix.length(), channel.length() - 1);
        return Optional.of(channel.substring(prefix.length(), end));
    }
}
