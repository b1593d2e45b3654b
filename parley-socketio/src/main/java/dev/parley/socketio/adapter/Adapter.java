package dev.parley.socketio.adapter;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.Packet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The rooms of one namespace and how broadcasts reach their sockets (socket.io's Adapter). The in-memory
 * adapter serves one server; a cluster adapter (Redis) implements the same methods across servers.
 * Implementations are thread-safe.
 */
public interface Adapter {
    void addAll(String socketId, Set<String> rooms);

    void del(String socketId, String room);

    /** Removes a socket from every room (it disconnected). */
    void delAll(String socketId);

    /** Sends a packet to every socket the options select; the packet is encoded once. */
    void broadcast(Packet packet, BroadcastOptions options);

    /**
     * Sends a packet expecting an ack from each target: {@code clientCount} learns how many were reached
     * (once per server), {@code ack} gets each response.
     */
    void broadcastWithAck(Packet packet, BroadcastOptions options, IntConsumer clientCount, Consumer<List<Object>> ack);

    /** Ids of local sockets in any of {@code rooms} (all local sockets if empty). */
    Set<String> sockets(Set<String> rooms);

    /** The rooms of a local socket. */
    Set<String> socketRooms(String socketId);

    /** All rooms that have members on this server. */
    Set<String> rooms();

    CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions options);

    void addSockets(BroadcastOptions options, Set<String> rooms);

    void delSockets(BroadcastOptions options, Set<String> rooms);

    void disconnectSockets(BroadcastOptions options, boolean close);

    /** Sends an event to the other servers of the cluster (nothing to do for a single server). */
    void serverSideEmit(List<Object> eventAndArgs);

    void addListener(AdapterListener listener);

    /**
     * Keeps the state of a socket that dropped, for connection state recovery (only called when recovery is
     * on). Broadcast events carry an offset as their last argument, so a client can say what it last saw.
     */
    void persistSession(SessionState session);

    /**
     * The session with this private id and the broadcasts emitted after {@code offset} that it would have
     * received; empty if unknown, expired, or the offset is too old. A session can be restored once.
     */
    CompletionStage<java.util.Optional<SessionState>> restoreSession(String pid, String offset);

    default void close() {
    }
}
