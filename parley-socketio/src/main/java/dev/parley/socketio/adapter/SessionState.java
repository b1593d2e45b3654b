package dev.parley.socketio.adapter;

import dev.parley.socketio.parser.EncodedPacket;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What connection state recovery keeps of a socket that dropped (socket.io 4.6+): its id, private id,
 * rooms and data, and, once restored, the broadcasts it missed, as they were encoded for the wire (each an
 * event's {@code [name, args..., offset]}, encoded once and shared with every other socket that missed it).
 */
public record SessionState(String id, String pid, Set<String> rooms, Map<String, Object> data,
        List<EncodedPacket> missedPackets) {
    public SessionState {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
        missedPackets = List.copyOf(missedPackets);
    }
}
