package dev.parley.socketio;

import java.util.Set;

/**
 * A socket as {@code fetchSockets()} returns it: on this server (a {@link SocketIoSocket}), or, with a cluster
 * adapter, on another one, in which case its handshake, rooms and data are a snapshot that came over the
 * wire and its methods act through the adapter.
 */
public interface RemoteSocket {
    String id();

    Handshake handshake();

    /** The rooms it is in, its own id included. */
    Set<String> rooms();

    /**
     * Application data ({@code socket.data}): a {@code Map<String, Object>} for a local socket; for a
     * remote one, whatever JSON value its server holds (a Node server's {@code socket.data} may be any value).
     */
    Object data();

    void emit(String event, Object... args);

    void join(String... rooms);

    void leave(String room);

    /** Disconnects it from its namespace; {@code close} also closes its whole connection. */
    void disconnect(boolean close);
}
