package dev.parley.adminui.internal;

import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoSocket;
import dev.parley.socketio.adapter.AdapterListener;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Development mode: tells the admin namespace about every socket of every namespace as it happens
 * ({@code socket_connected}, {@code socket_updated}, {@code socket_disconnected}, {@code room_joined},
 * {@code room_left}, and, outside the admin namespace, {@code event_received} and {@code event_sent}), each
 * with its time as the Node server sends it. Observes only this server's sockets; the admin namespace's
 * adapter carries the events to UIs on other servers. Transport upgrades are noticed on the stats tick
 * ({@link #checkTransports()}), as Parley's public API has no upgrade event.
 */
public final class SocketObserver {
    private final Namespace admin;
    private final Clock clock;
    /** The local sockets observed, with the transport last reported. */
    private final Map<SocketIoSocket, String> transports = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SocketObserver(Namespace admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** Namespaces observed: one created while instrumenting may be both listed and announced. */
    private final java.util.Set<Namespace> observed = ConcurrentHashMap.newKeySet();

    public void observe(Namespace namespace) {
        if (!observed.add(namespace)) {
            return;
        }
        namespace.adapter().addListener(new AdapterListener() {
            @Override
            public void joinRoom(String room, String socketId) {
                send("room_joined", namespace.name(), room, socketId, now());
            }

            @Override
            public void leaveRoom(String room, String socketId) {
                send("room_left", namespace.name(), room, socketId, now());
            }
        });
        namespace.onConnection(socket -> connected(namespace, socket));
    }

    private void connected(Namespace namespace, SocketIoSocket socket) {
        String transport = socket.transport();
        socket.data().put(SocketView.ADMIN_KEY, SocketView.adminData(socket));
        transports.put(socket, transport);
        send("socket_connected", SocketView.of(socket, namespace.name()), now());
        if (namespace != admin) {
            socket.onAny((event, args) -> send("event_received", namespace.name(), socket.id(),
                    eventAndArgs(event, args), now()));
            socket.onAnyOutgoing((event, args) -> send("event_sent", namespace.name(), socket.id(),
                    eventAndArgs(event, args), now()));
        }
        socket.onDisconnect(reason -> {
            transports.remove(socket);
            send("socket_disconnected", namespace.name(), socket.id(), reason.wireName(), now());
        });
    }

    /** Reports the sockets whose connection upgraded since the last check ({@code socket_updated}). */
    public void checkTransports() {
        transports.forEach((socket, reported) -> {
            String current = socket.transport();
            if (!current.equals(reported) && transports.replace(socket, reported, current)) {
                socket.data().put(SocketView.ADMIN_KEY, SocketView.adminData(socket));
                Map<String, Object> update = new HashMap<>();
                update.put("id", socket.id());
                update.put("nsp", socket.namespace().name());
                update.put("transport", current);
                send("socket_updated", update);
            }
        });
    }

    public void close() {
        closed = true;
        transports.clear();
    }

    private static List<Object> eventAndArgs(String event, List<Object> args) {
        List<Object> all = new java.util.ArrayList<>(args.size() + 1);
        all.add(event);
        all.addAll(args);
        return all;
    }

    private String now() {
        return JsTime.iso(clock.instant());
    }

    private void send(String event, Object... args) {
        if (!closed) {
            admin.emit(event, args);
        }
    }
}
