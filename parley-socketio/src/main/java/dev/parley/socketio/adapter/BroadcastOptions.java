package dev.parley.socketio.adapter;

import java.util.Set;

/**
 * Who a broadcast reaches: members of any of {@code rooms} (every socket of the namespace if empty), minus
 * members of any of {@code except}.
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {
    public BroadcastOptions {
        rooms = Set.copyOf(rooms);
        except = Set.copyOf(except);
    }

    public static BroadcastOptions all() {
        return new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }
}
