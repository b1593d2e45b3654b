package dev.parley.metrics.internal;

import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.socketio.adapter.AdapterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Socket.IO layer's meters, by namespace: sockets, rooms (through the adapter's room events, the hook
 * socket.io's admin UI uses too), broadcasts and their recipients, acks awaited and timed out. A namespace's
 * meters are made when it is created; events find them with one map lookup.
 */
public final class SocketIoMeters implements SocketIoObserver {
    private final MeterRegistry registry;
    private final SharedMeters shared;
    private final ConcurrentMap<String, ByNamespace> namespaces = new ConcurrentHashMap<>();

    public SocketIoMeters(MeterRegistry registry, SharedMeters shared) {
        this.registry = registry;
        this.shared = shared;
    }

    /** The meters of one namespace name (shared by servers of one process that have the same namespace). */
    private final class ByNamespace {
        final AtomicLong sockets = new AtomicLong();
        final AtomicLong rooms = new AtomicLong();
        final AtomicLong acksPending = new AtomicLong();
        final Counter broadcasts;
        final Counter recipients;
        final Counter ackTimeouts;

        ByNamespace(String name) {
            Gauge.builder(Names.SIO_SOCKETS, sockets, AtomicLong::get).tag("namespace", name)
                    .description("Connected Socket.IO sockets, by namespace").register(registry);
            Gauge.builder(Names.SIO_ROOMS, rooms, AtomicLong::get).tag("namespace", name)
                    .description("Rooms with members on this server, by namespace (each socket's own room included)")
                    .register(registry);
            Gauge.builder(Names.SIO_ACKS_PENDING, acksPending, AtomicLong::get).tag("namespace", name)
                    .description("Acks awaited from clients, by namespace").register(registry);
            broadcasts = Counter.builder(Names.SIO_BROADCASTS).tag("namespace", name)
                    .description("Broadcasts written to this server's sockets, by namespace").register(registry);
            recipients = Counter.builder(Names.SIO_BROADCAST_RECIPIENTS).tag("namespace", name)
                    .description("Sockets reached by broadcasts (the fan-out), by namespace").register(registry);
            ackTimeouts = Counter.builder(Names.SIO_ACK_TIMEOUTS).tag("namespace", name)
                    .description("Acks awaited from one socket that timed out, by namespace").register(registry);
        }
    }

    private ByNamespace of(String name) {
        ByNamespace meters = namespaces.get(name);
        return meters != null ? meters : namespaces.computeIfAbsent(name, ByNamespace::new);
    }

    @Override
    public void namespaceCreated(Namespace namespace) {
        AtomicLong rooms = of(namespace.name()).rooms;
        namespace.adapter().addListener(new AdapterListener() {
            @Override
            public void createRoom(String room) {
                rooms.incrementAndGet();
            }

            @Override
            public void deleteRoom(String room) {
                rooms.decrementAndGet();
            }
        });
    }

    @Override
    public void socketConnected(String namespace) {
        shared.socketIoHandshakes.increment();
        of(namespace).sockets.incrementAndGet();
    }

    @Override
    public void socketDisconnected(String namespace) {
        of(namespace).sockets.decrementAndGet();
    }

    @Override
    public void connectRefused(String reason) {
        shared.handshakeFailed("socketio", reason);
    }

    @Override
    public void broadcast(String namespace, int recipients) {
        ByNamespace meters = of(namespace);
        meters.broadcasts.increment();
        meters.recipients.increment(recipients);
    }

    @Override
    public void ackExpected(String namespace) {
        of(namespace).acksPending.incrementAndGet();
    }

    @Override
    public void ackSettled(String namespace) {
        of(namespace).acksPending.decrementAndGet();
    }

    @Override
    public void ackTimedOut(String namespace) {
        of(namespace).ackTimeouts.increment();
    }
}
