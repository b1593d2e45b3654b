package dev.parley.adapter.redis;

import java.util.Set;

/**
 * The channels of one namespace in {@code @socket.io/redis-adapter}'s classic protocol, for a key prefix:
 * broadcasts on {@code key#nsp#} ({@code key#nsp#room#} for a single room), requests on
 * {@code key-request#nsp#}, answers on {@code key-response#nsp#} (or the asking server's
 * {@code key-response#nsp#uid#}).
 */
final class ClassicChannelNames {
    private final String broadcast;
    private final String request;
    private final String response;

    ClassicChannelNames(String key, String namespace) {
        this.broadcast = key + "#" + namespace + "#";
        this.request = key + "-request#" + namespace + "#";
        this.response = key + "-response#" + namespace + "#";
    }

    String broadcastPattern() {
        return broadcast + "*";
    }

    /** Where a broadcast to these rooms is published. */
    String broadcast(Set<String> rooms) {
        return rooms.size() == 1 ? broadcast + rooms.iterator().next() + "#" : broadcast;
    }

    String request() {
        return request;
    }

    String response() {
        return response;
    }

    String specificResponse(String uid) {
        return response + uid + "#";
    }

    /**
     * The room a broadcast channel names ("" for none), as Node's {@code channel.slice(prefix.length, -1)};
     * null if the channel is not this namespace's.
     */
    String roomOf(String channel) {
        if (!channel.startsWith(broadcast) || channel.length() < broadcast.length()) {
            return null;
        }
        return channel.length() == broadcast.length() ? "" : channel.substring(broadcast.length(), channel.length() - 1);
    }
}
