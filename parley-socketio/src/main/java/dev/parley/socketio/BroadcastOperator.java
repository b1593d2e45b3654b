package dev.parley.socketio;

import dev.parley.socketio.adapter.AckTimeoutException;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An immutable selection of sockets for a broadcast: {@code to/in/except} rooms and flags each return a new
 * operator; {@code emit} and the socket utilities are terminal. A broadcast is encoded once.
 *
 * <pre>{@code io.to("room1").except("room2").emit("news", item);}</pre>
 */
public final class BroadcastOperator {
    private final Namespace namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;

    BroadcastOperator(Namespace namespace) {
        this(namespace, Set.of(), Set.of(), BroadcastFlags.DEFAULT);
    }

    private BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, BroadcastFlags flags) {
        this.namespace = namespace;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    /** Targets members of these rooms too (a union with rooms already selected). */
    public BroadcastOperator to(String... more) {
        Set<String> union = new HashSet<>(rooms);
        union.addAll(Arrays.asList(more));
        return new BroadcastOperator(namespace, Set.copyOf(union), except, flags);
    }

    public BroadcastOperator in(String... more) {
        return to(more);
    }

    /** Excludes members of these rooms (a socket's id is a room: excludes that socket). */
    public BroadcastOperator except(String... more) {
        Set<String> union = new HashSet<>(except);
        union.addAll(Arrays.asList(more));
        return new BroadcastOperator(namespace, rooms, Set.copyOf(union), flags);
    }

    /** Drops the message for clients that cannot take it at once (socket.io's {@code volatile}). */
    public BroadcastOperator asVolatile() {
        return new BroadcastOperator(namespace, rooms, except, flags.withVolatile());
    }

    /**
     * socket.io's {@code compress}: false sends the message without permessage-deflate to every target,
     * whatever its size (all share one uncompressed frame), and does not ask for HTTP compression of the
     * polling responses that carry it. True (the default) leaves it to the negotiation and the thresholds.
     * Carried to other servers by a cluster adapter.
     */
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(namespace, rooms, except, flags.withCompress(compress));
    }

    /** This server only, with a cluster adapter. */
    public BroadcastOperator local() {
        return new BroadcastOperator(namespace, rooms, except, flags.withLocal());
    }

    /** How long {@link #emitWithAck} waits for the acks. */
    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(namespace, rooms, except, flags.withTimeout(timeout));
    }

    public void emit(String event, Object... args) {
        for (Namespace ns : namespace.targets()) {
            ns.adapter().broadcast(Packet.event(ns.name(), eventAndArgs(event, args), Packet.NO_ID), options());
        }
    }

    /**
     * Emits expecting an ack from every target, on every server of the cluster; completes with the
     * responses (the first argument of each client's ack) once every server said how many clients it reached
     * and all of those answered (Node's rule). After the {@link #timeout} it fails with an
     * {@link AckTimeoutException} holding the responses that arrived. With a cluster adapter there is always a
     * timeout: the adapter's requests timeout unless one is set. On a single server without a timeout it
     * waits for every target (a client that disconnects is no longer waited for).
     */
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        List<Namespace> targets = namespace.targets();
        AckCollector collector = new AckCollector(targets.size());
        Duration timeout = flags.timeout();
        for (Namespace ns : targets) {
            if (timeout == null && ns.adapter().requestsTimeout() != null) {
                timeout = ns.adapter().requestsTimeout();
            }
        }
        BroadcastOptions options = new BroadcastOptions(rooms, except, flags.withTimeout(timeout));
        if (timeout != null) {
            namespace.server().timer().newTimeout(t -> collector.timeOut(), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (Namespace ns : targets) {
            Packet packet = Packet.event(ns.name(), eventAndArgs(event, args), ns.nextAckId());
            ns.adapter().broadcastWithAck(packet, options, collector::serverReached, collector::response);
            ns.adapter().serverCount().whenComplete((count, error) -> collector.serverCount(error == null ? count : 1));
        }
        return collector.result();
    }

    public CompletionStage<List<RemoteSocket>> fetchSockets() {
        List<CompletableFuture<List<RemoteSocket>>> all = new ArrayList<>();
        for (Namespace ns : namespace.targets()) {
            all.add(ns.adapter().fetchSockets(options()).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<RemoteSocket> sockets = new ArrayList<>();
            all.forEach(f -> sockets.addAll(f.join()));
            return sockets;
        });
    }

    public void socketsJoin(String... newRooms) {
        namespace.targets().forEach(ns -> ns.adapter().addSockets(options(), Set.of(newRooms)));
    }

    public void socketsLeave(String... oldRooms) {
        namespace.targets().forEach(ns -> ns.adapter().delSockets(options(), Set.of(oldRooms)));
    }

    public void disconnectSockets(boolean close) {
        namespace.targets().forEach(ns -> ns.adapter().disconnectSockets(options(), close));
    }

    /**
     * Counts what {@link #emitWithAck} waits for: per namespace, how many servers there are, how many said
     * how many clients they reached, and the responses of those clients.
     */
    private static final class AckCollector {
        private final CompletableFuture<List<Object>> result = new CompletableFuture<>();
        private final List<Object> responses = new ArrayList<>();
        private int namespacesCounted;
        private final int namespaces;
        private int expectedServers;
        private int serversReached;
        private int expectedClients;

        AckCollector(int namespaces) {
            this.namespaces = namespaces;
        }

        synchronized void serverCount(int servers) {
            expectedServers += servers;
            namespacesCounted++;
            check();
        }

        synchronized void serverReached(int clients) {
            expectedClients += clients;
            serversReached++;
            check();
        }

        synchronized void response(Object response) {
            if (!result.isDone()) {
                responses.add(response);
                check();
            }
        }

        synchronized void timeOut() {
            result.completeExceptionally(new AckTimeoutException("operation has timed out: " + responses.size()
                    + " of " + expectedClients + " acks received from " + serversReached + " of "
                    + (namespacesCounted == namespaces ? String.valueOf(expectedServers) : "?") + " servers",
                    responses));
        }

        private void check() {
            // At least: a count taken while Redis was away says 1 even if other servers did get the request.
            if (namespacesCounted == namespaces && serversReached >= expectedServers
                    && responses.size() >= expectedClients) {
                result.complete(java.util.Collections.unmodifiableList(new ArrayList<>(responses)));
            }
        }

        CompletionStage<List<Object>> result() {
            return result;
        }
    }

    private BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    static List<Object> eventAndArgs(String event, Object[] args) {
        List<Object> list = new ArrayList<>(args.length + 1);
        list.add(event);
        // A loop, not addAll(Arrays.asList(args)): that wraps the array and copies it (toArray) once more per emit.
        for (Object arg : args) {
            list.add(arg);
        }
        return list;
    }
}
