package dev.parley.socketio.adapter;

import dev.parley.socketio.Handshake;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A socket of another server, as a cluster adapter's {@code fetchSockets} found it: a snapshot of its
 * handshake, rooms and data, whose methods are broadcasts to its id through the adapter (Node's
 * {@code RemoteSocket}). What it changes is not reflected in the snapshot.
 */
public final class ClusterSocket implements RemoteSocket {
    private final Adapter adapter;
    private final String namespace;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Object data;

    public ClusterSocket(Adapter adapter, String namespace, String id, Handshake handshake, Set<String> rooms,
            Object data) {
        this.adapter = adapter;
        this.namespace = namespace;
        this.id = id;
        this.handshake = handshake;
        this.rooms = Set.copyOf(rooms);
        this.data = data;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public Object data() {
        return data;
    }

    @Override
    public void emit(String event, Object... args) {
        List<Object> eventAndArgs = new ArrayList<>(args.length + 1);
        eventAndArgs.add(event);
        eventAndArgs.addAll(Arrays.asList(args));
        adapter.broadcast(Packet.event(namespace, eventAndArgs, Packet.NO_ID), toItself());
    }

    @Override
    public void join(String... more) {
        adapter.addSockets(toItself(), Set.of(more));
    }

    @Override
    public void leave(String room) {
        adapter.delSockets(toItself(), Set.of(room));
    }

    @Override
    public void disconnect(boolean close) {
        adapter.disconnectSockets(toItself(), close);
    }

    private BroadcastOptions toItself() {
        return new BroadcastOptions(Set.of(id), Set.of(), BroadcastFlags.DEFAULT);
    }

    @Override
    public String toString() {
        return "ClusterSocket[" + namespace + " " + id + ", rooms=" + rooms + "]";
    }
}
