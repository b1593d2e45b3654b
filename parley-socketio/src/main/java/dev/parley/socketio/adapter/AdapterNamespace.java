package dev.parley.socketio.adapter;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.Packet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** What an adapter may do with the sockets of its namespace on this server. */
public interface AdapterNamespace {
    String name();

    /** Encodes a packet once for a broadcast, with the server's parser; close it after the writes. */
    OutgoingPacket prepare(Packet packet);

    /** Writes a prepared packet to a local socket; false if it is not here (or the write was volatile and dropped). */
    boolean write(String socketId, OutgoingPacket packet, BroadcastFlags flags);

    /**
     * A broadcast was written to {@code recipients} local sockets (for monitoring: once per broadcast, after
     * its writes). Default: nothing.
     */
    default void delivered(int recipients) {
    }

    /** Like {@link #write}, and routes the socket's ack for the packet's id to {@code ack}. */
    boolean writeExpectingAck(String socketId, OutgoingPacket packet, BroadcastFlags flags, Consumer<List<Object>> ack);

    Optional<RemoteSocket> localSocket(String socketId);

    /** A live, thread-safe view of the ids of this namespace's sockets on this server. */
    Set<String> localSocketIds();

    /**
     * How long a dropped socket's state is kept for connection state recovery; null when recovery is off
     * (then broadcasts carry no offset and nothing is stored).
     */
    java.time.Duration maxDisconnectionDuration();

    /** The most broadcasts kept for connection state recovery (the oldest go past it). */
    int recoveryMaxPackets();

    /** The most bytes of encoded broadcasts kept for connection state recovery (the oldest go past it). */
    long recoveryMaxBytes();

    /**
     * Runs a short task once after {@code delay} on the server's timer thread (never an event loop); tasks
     * still pending when the server closes do not run.
     */
    void schedule(java.time.Duration delay, Runnable task);

    /** A fresh id for a packet that expects acks (unique in this namespace on this server). */
    long nextAckId();

    /**
     * An event another server sent with {@code serverSideEmit}. {@code ack} is null when the sender
     * expects no answer; otherwise the first listener that answers calls it once, with one value.
     */
    void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack);
}
