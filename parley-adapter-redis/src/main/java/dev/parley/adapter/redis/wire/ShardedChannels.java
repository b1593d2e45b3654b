package dev.parley.adapter.redis.wire;

import java.util.List;

/**
 * The sharded pub/sub channels of one namespace, as {@code createShardedAdapter} names them: every message on
 * {@code prefix#nsp#}, responses on the requester's {@code prefix#nsp#uid#}, and in the dynamic modes broadcasts
 * to one room on {@code prefix#nsp#room#}. Immutable.
 *
 * @param prefix Node's {@code channelPrefix} (default {@code socket.io})
 * @param nsp    the namespace name
 * @param mode   the subscription mode
 */
public record ShardedChannels(String prefix, String nsp, SubscriptionMode mode) {
    /** A Socket.IO socket id is 20 characters: Node's {@code looksLikeASocketId}. */
    private static final int SOCKET_ID_LENGTH = 20;

    /** {@code prefix#nsp#}: requests and broadcasts; the server count is its {@code PUBSUB SHARDNUMSUB}. */
    public String namespace() {
        return prefix + "#" + nsp + "#";
    }

    /** {@code prefix#nsp#uid#}: responses to the server with this uid. */
    public String responses(String uid) {
        return namespace() + uid + "#";
    }

    /** {@code prefix#nsp#room#}. */
    public String room(String room) {
        return namespace() + room + "#";
    }

    /**
     * Whether a room created on this server gets its own channel ({@code shouldUseASeparateNamespace}):
     * never in static mode; in dynamic mode when it is public (not a local socket's own room); always in
     * dynamic-private mode.
     */
    public boolean subscribesTo(boolean isLocalSocketId) {
        return mode == SubscriptionMode.DYNAMIC_PRIVATE || (mode == SubscriptionMode.DYNAMIC && !isLocalSocketId);
    }

    /**
     * Where a message goes ({@code computeChannel}): a BROADCAST without ack to exactly one room goes to that
     * room's channel in dynamic mode unless the room looks like a socket id (20 characters), in dynamic-private
     * mode always; anything else to the namespace channel. A broadcast with ack never uses a room channel: its
     * answers are counted against every server.
     */
    public String channelOf(ClusterMessageType type, String requestId, List<String> rooms) {
        boolean dynamic = type == ClusterMessageType.BROADCAST && requestId == null && rooms.size() == 1
                && ((mode == SubscriptionMode.DYNAMIC && rooms.get(0).length() != SOCKET_ID_LENGTH)
                    || mode == SubscriptionMode.DYNAMIC_PRIVATE);
        return dynamic ? room(rooms.get(0)) : namespace();
    }
}
