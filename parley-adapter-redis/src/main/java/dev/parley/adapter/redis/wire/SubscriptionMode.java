package dev.parley.adapter.redis.wire;

import java.util.Locale;

/**
 * {@code subscriptionMode} of {@code createShardedAdapter}: which rooms get a sharded channel of their own.
 */
public enum SubscriptionMode {
    /** Two channels per namespace (the namespace's and this server's response channel); every broadcast goes to all. */
    STATIC("static"),
    /**
     * The default: also one channel per public room (a room that is not a socket's own id) that has a member on
     * this server, subscribed while it has one. A broadcast to exactly one such room, without ack, goes to the
     * room's channel only, so servers without a member in it never receive it.
     */
    DYNAMIC("dynamic"),
    /** As {@link #DYNAMIC}, for private rooms (socket ids) too: {@code io.to(socketId)} reaches one server. */
    DYNAMIC_PRIVATE("dynamic-private");

    private final String wireName;

    SubscriptionMode(String wireName) {
        this.wireName = wireName;
    }

    /** Node's name of the mode: {@code static}, {@code dynamic}, {@code dynamic-private}. */
    public String wireName() {
        return wireName;
    }

    /** The mode of this name (Node's names; case ignored). */
    public static SubscriptionMode of(String name) {
        for (SubscriptionMode mode : values()) {
            if (mode.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown subscription mode '" + name
                + "': expected static, dynamic or dynamic-private");
    }
}
