package dev.parley.socketio;

import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} returns it: on this server, or (with a cluster adapter) on another
 * one, in which case its methods act through the adapter.
 */
public interface RemoteSocket {
    String id();

    Handshake handshake();

    /** The rooms it is in, its own id included. */
    Set<String> rooms();

    /** Application data ({@code socket.data}). */
    Map<String, Object> data();

    void emit(String event, Object... args);

    void join(String... rooms);

    void leave(String room);

    /** Disconnects it from its namespace; {@code close} also closes its whole connection. */
    void disconnect(boolean close);
}
