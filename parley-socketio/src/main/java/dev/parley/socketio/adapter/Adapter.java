package dev.parley.socketio.adapter;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The rooms of one namespace and how broadcasts reach their sockets (socket.io's Adapter). The in-memory
 * adapter serves one server; a cluster adapter (Redis) implements the same methods across servers, usually
 * by extending {@link InMemoryAdapter} for the local part.
 *
 * <p>Methods that concern the whole cluster answer asynchronously. A cluster adapter settles every one of them
 * within its {@link #requestsTimeout()}: with what the servers that answered said, and an error naming
 * what is missing. Implementations are thread-safe; they never run user code on a Netty event loop or on
 * their network client's I/O threads.
 */
public interface Adapter {
    /** Completes once the adapter can receive what other servers send (its subscriptions are confirmed). */
    default CompletionStage<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /** How many servers serve this namespace, this one included (socket.io's {@code serverCount()}). */
    default CompletionStage<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    /**
     * How long a request to the other servers is waited for (acks of a broadcast without an explicit
     * timeout, {@code serverSideEmitWithAck}, {@code fetchSockets}); null for a single server, where
     * nothing is remote.
     */
    default Duration requestsTimeout() {
        return null;
    }

    void addAll(String socketId, Set<String> rooms);

    void del(String socketId, String room);

    /** Removes a socket from every room (it disconnected). */
    void delAll(String socketId);

    /** Sends a packet to every socket the options select; the packet is encoded once per server. */
    void broadcast(Packet packet, BroadcastOptions options);

    /**
     * Sends a packet expecting an ack from each target: {@code clientCount} is called once per server that
     * sent it, with how many of its sockets were reached; {@code ack} gets each response (the first
     * argument of the client's ack).
     */
    void broadcastWithAck(Packet packet, BroadcastOptions options, IntConsumer clientCount, Consumer<Object> ack);

    /** Ids of local sockets in any of {@code rooms} (all local sockets if empty). */
    Set<String> sockets(Set<String> rooms);

    /** The rooms of a local socket. */
    Set<String> socketRooms(String socketId);

    /** All rooms that have members on this server. */
    Set<String> rooms();

    /** All rooms that have members on any server of the cluster. */
    default CompletionStage<Set<String>> allRooms() {
        return CompletableFuture.completedFuture(rooms());
    }

    /** The sockets the options select, on every server unless the options are {@code local}. */
    CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions options);

    void addSockets(BroadcastOptions options, Set<String> rooms);

    void delSockets(BroadcastOptions options, Set<String> rooms);

    void disconnectSockets(BroadcastOptions options, boolean close);

    /** Sends an event to this namespace on the other servers of the cluster (nothing to do on one server). */
    void serverSideEmit(List<Object> eventAndArgs);

    /**
     * Sends an event to the other servers and completes with one response from each. On a single server,
     * at once with none. Past {@link #requestsTimeout()} it fails with an {@link AckTimeoutException}
     * carrying the responses that did arrive.
     */
    default CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return CompletableFuture.completedFuture(List.of());
    }

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
    CompletionStage<Optional<SessionState>> restoreSession(String pid, String offset);

    /**
     * Brings a restored socket live. {@code joinAndReplay} joins the socket to its restored rooms and writes
     * its CONNECT packet and {@link SessionState#missedPackets()}; the adapter runs it so that no broadcast to
     * those rooms is lost between the restore and the join, and none overtakes the replay: a broadcast that
     * arrived while the session was being restored is written after the replay, through {@code late}, exactly
     * once. Returns false, without running {@code joinAndReplay}, if that cannot be guaranteed (more arrived
     * meanwhile than the adapter keeps): the caller then closes the connection, and the client reconnects to
     * a fresh session. The in-memory adapter runs it under its monitor, which its broadcasts also take.
     */
    default boolean resumeSession(SessionState restored, Runnable joinAndReplay, Consumer<EncodedPacket> late) {
        synchronized (this) {
            joinAndReplay.run();
        }
        return true;
    }

    /**
     * Sends an event to one socket of this server while recovery is on ({@code socket.emit}), so that it gets
     * an offset and can be replayed if the socket drops before it arrives. By default a local broadcast to
     * the socket's own room; an adapter whose offsets are cluster-wide (the streams adapter) publishes it, as
     * Node's socket.io does.
     */
    default void emitToSocket(String socketId, Packet packet, boolean compress) {
        broadcast(packet, new BroadcastOptions(Set.of(socketId), Set.of(), BroadcastFlags.DEFAULT.withLocal().withCompress(compress)));
    }

    /**
     * Stops receiving from the cluster and flushes what must still be sent; called by
     * {@code SocketIoServer.close()} after the sockets closed.
     */
    default CompletionStage<Void> close() {
        return CompletableFuture.completedFuture(null);
    }
}
