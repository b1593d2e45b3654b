package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.ClusterMessage;
import dev.parley.adapter.redis.wire.JsDates;
import dev.parley.adapter.redis.wire.RemoteSocketDetail;
import dev.parley.adapter.redis.wire.WireFormatException;
import dev.parley.socketio.Handshake;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.ClusterSocket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Between Parley's Socket.IO types and the wire types of the Redis protocols ({@code dev.parley.adapter.redis.wire}):
 * packets, broadcast options and their flags, remote sockets.
 */
final class ClassicWire {
    private static final int BINARY_EVENT = 5;

    private ClassicWire() {
    }

    /** A broadcast packet as Node's broadcast operator builds it: {@code {type: 2, data, nsp}}. */
    @SuppressWarnings("unchecked")
    static dev.parley.adapter.redis.wire.Packet packet(Packet packet, String namespace) {
        return dev.parley.adapter.redis.wire.Packet.event(namespace, (List<Object>) WireValues.plain(packet.data()));
    }

    /**
     * An EVENT (or BINARY_EVENT) packet from the wire as a Parley event packet for clients, without an id.
     * Dates become the ISO strings Node's clients get for them.
     */
    static Optional<Packet> event(dev.parley.adapter.redis.wire.Packet packet, String namespace) {
        int type = packet.type();
        if ((type != dev.parley.adapter.redis.wire.Packet.EVENT && type != BINARY_EVENT) || packet.data().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Packet(PacketType.EVENT, namespace, Packet.NO_ID, JsDates.asIsoStrings(packet.data())));
    }

    /** The EVENT packet of a {@code ClusterAdapter} BROADCAST message, as {@link #event(dev.parley.adapter.redis.wire.Packet, String)}. */
    static Optional<Packet> event(ClusterMessage message) throws WireFormatException {
        return event(new dev.parley.adapter.redis.wire.Packet(message.packetType(), message.packetData(), null,
                message.nsp()), message.nsp());
    }

    /** A packet's event name and arguments as plain values for the wire. */
    @SuppressWarnings("unchecked")
    static List<Object> eventOf(Packet packet) {
        return (List<Object>) WireValues.plain(packet.data());
    }

    @SuppressWarnings("unchecked")
    static List<Object> plainList(List<Object> values) {
        return (List<Object>) WireValues.plain(values);
    }

    /**
     * Rooms and except of a {@code ClusterAdapter} request, with no flags ({@code "flags":{}}, as Node writes the
     * operator's empty flags).
     */
    static dev.parley.adapter.redis.wire.BroadcastOptions clusterSelection(BroadcastOptions opts) {
        return dev.parley.adapter.redis.wire.BroadcastOptions.of(List.copyOf(opts.rooms()), List.copyOf(opts.except()),
                dev.parley.adapter.redis.wire.BroadcastFlags.NONE);
    }

    /**
     * Options of a broadcast, with only the flags that are set, as Node's operator holds them (an absent
     * {@code volatile} stays absent).
     */
    static dev.parley.adapter.redis.wire.BroadcastOptions broadcastOptions(BroadcastOptions options) {
        dev.parley.adapter.redis.wire.BroadcastFlags flags = dev.parley.adapter.redis.wire.BroadcastFlags.NONE;
        BroadcastFlags f = options.flags();
        if (f.isVolatile()) {
            flags = flags.with("volatile", true);
        }
        if (!f.compress()) {
            flags = flags.with("compress", false);
        }
        if (f.timeout() != null) {
            flags = flags.with("timeout", f.timeout().toMillis());
        }
        return dev.parley.adapter.redis.wire.BroadcastOptions.of(List.copyOf(options.rooms()), List.copyOf(options.except()), flags);
    }

    /** Options of a request: rooms and except, no flags. */
    static dev.parley.adapter.redis.wire.BroadcastOptions requestOptions(BroadcastOptions options) {
        return dev.parley.adapter.redis.wire.BroadcastOptions.of(List.copyOf(options.rooms()), List.copyOf(options.except()));
    }

    /** Rooms, except and the flags Parley applies (volatile, compress, timeout) as another server sent them. */
    static BroadcastOptions options(dev.parley.adapter.redis.wire.BroadcastOptions wire) {
        BroadcastFlags flags = BroadcastFlags.DEFAULT;
        dev.parley.adapter.redis.wire.BroadcastFlags f = wire.flags();
        if (f != null) {
            if (Boolean.TRUE.equals(f.isVolatile())) {
                flags = flags.withVolatile();
            }
            if (Boolean.FALSE.equals(f.compress())) {
                flags = flags.withCompress(false);
            }
            if (f.timeout() != null) {
                flags = flags.withTimeout(Duration.ofMillis(f.timeout()));
            }
        }
        return new BroadcastOptions(new LinkedHashSet<>(wire.rooms()), new LinkedHashSet<>(wire.except()), flags);
    }

    /** Rooms and except of a request; Node applies no flags to them. */
    static BroadcastOptions selection(dev.parley.adapter.redis.wire.BroadcastOptions wire) {
        return new BroadcastOptions(new LinkedHashSet<>(wire.rooms()), new LinkedHashSet<>(wire.except()),
                BroadcastFlags.DEFAULT);
    }

    /** A local socket as a REMOTE_FETCH answer describes it. */
    static RemoteSocketDetail detail(RemoteSocket socket) {
        Handshake handshake = socket.handshake();
        return new RemoteSocketDetail(socket.id(), handshake == null ? Map.of() : NodeHandshake.toWire(handshake),
                List.copyOf(socket.rooms()), WireValues.plain(socket.data()));
    }

    /** A socket of another server, from a REMOTE_FETCH answer: its methods act through the adapter. */
    static RemoteSocket remote(Adapter adapter, String namespace, RemoteSocketDetail detail) {
        return new ClusterSocket(adapter, namespace, detail.id(), NodeHandshake.fromWire(detail.handshake()),
                new LinkedHashSet<>(detail.rooms()), detail.data());
    }
}
