package dev.parley.socketio.adapter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What connection state recovery keeps of a socket that dropped (socket.io 4.6+): its id, private id,
 * rooms and data, and, once restored, the broadcasts it missed (each an event's {@code [name, args...,
 * offset]}).
 */
public record SessionState(String id, String pid, Set<String> rooms, Map<String, Object> data,
        List<List<Object>> missedPackets) {
    public SessionState {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
        missedPackets = List.copyOf(missedPackets);
    }
}
