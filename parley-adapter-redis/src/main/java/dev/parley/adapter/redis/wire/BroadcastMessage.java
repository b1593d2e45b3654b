package dev.parley.adapter.redis.wire;

import java.util.List;

/**
 * A broadcast, published on {@link ClassicChannels#broadcastTo}: the MessagePack array
 * {@code [uid, packet, opts]} of {@code RedisAdapter.broadcast} (and of the emitter, whose uid is
 * {@code "emitter"}). Immutable.
 *
 * @param uid    the publishing server's uid; a server ignores its own messages
 * @param packet the packet
 * @param opts   rooms, except and flags
 */
public record BroadcastMessage(String uid, Packet packet, BroadcastOptions opts) {
    /** The uid {@code @socket.io/redis-emitter} publishes with. */
    public static final String EMITTER_UID = "emitter";

    /** The bytes Node publishes for this broadcast. */
    public byte[] encode() {
        return Notepack.encode(List.of(uid, packet.toMap(), opts.toMap()));
    }

    /**
     * Reads a broadcast. Like Node, extra array elements are ignored, a packet without {@code nsp} is in
     * {@code "/"}, missing rooms or except are empty; anything else malformed is a {@link WireFormatException}.
     */
    public static BroadcastMessage decode(byte[] bytes) throws WireFormatException {
        List<Object> array = Shapes.list(Notepack.decode(bytes), "broadcast");
        if (array.size() < 3) {
            throw new WireFormatException("broadcast has " + array.size() + " elements, not 3");
        }
        BroadcastOptions opts = BroadcastOptions.fromMap(array.get(2), "opts");
        if (opts.flags() == null) {
            opts = new BroadcastOptions(opts.rooms(), opts.except(), BroadcastFlags.NONE, opts.layout());
        }
        return new BroadcastMessage(Shapes.string(array.get(0), "uid"), Packet.fromMap(array.get(1)), opts);
    }
}
