package dev.parley.adminui.internal;

import dev.parley.socketio.BroadcastOperator;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an admin socket may ask: {@code emit(nsp, room, event, ...args)}, {@code join(nsp, room, filter)},
 * {@code leave(nsp, room, filter)} and {@code _disconnect(nsp, close, filter)}. The filter is a room (the UI
 * sends a socket's id, its own room, to act on one socket); without it the command applies to the whole
 * namespace. Each goes through the namespace's adapter, so it reaches sockets on every server of a cluster.
 * Only existing namespaces are acted on: a command never creates one. Malformed commands are ignored, as
 * the Node server ignores what it cannot match. In read-only mode none is registered.
 */
public final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);
    /** A room or namespace name longer than this is not one the UI could have shown. */
    private static final int MAX_NAME_LENGTH = 1024;

    private final SocketIoServer io;
    private final Set<Feature> features;

    public Commands(SocketIoServer io, Set<Feature> features) {
        this.io = io;
        this.features = features;
    }

    public void register(SocketIoSocket admin) {
        if (features.contains(Feature.EMIT)) {
            admin.on("emit", args -> emit(admin, args));
        }
        if (features.contains(Feature.JOIN)) {
            admin.on("join", args -> roomCommand(admin, args, true));
        }
        if (features.contains(Feature.LEAVE)) {
            admin.on("leave", args -> roomCommand(admin, args, false));
        }
        if (features.contains(Feature.DISCONNECT)) {
            admin.on("_disconnect", args -> disconnect(admin, args));
        }
    }

    private void emit(SocketIoSocket admin, EventArgs args) {
        List<Object> list = args.all();
        if (list.size() < 3 || !(list.get(2) instanceof String event)) {
            return;
        }
        target(list.get(0), list.get(1)).ifPresent(target -> {
            LOG.info("Admin UI {}: emit {} to {} {}", admin.id(), event, list.get(0), list.get(1));
            target.emit(event, list.subList(3, list.size()).toArray());
        });
    }

    private void roomCommand(SocketIoSocket admin, EventArgs args, boolean join) {
        List<Object> list = args.all();
        if (list.size() < 2 || !name(list.get(1))) {
            return;
        }
        String room = (String) list.get(1);
        target(list.get(0), list.size() > 2 ? list.get(2) : null).ifPresent(target -> {
            LOG.info("Admin UI {}: sockets of {} {} {} room {}", admin.id(), list.get(0),
                    list.size() > 2 ? list.get(2) : "(all)", join ? "join" : "leave", room);
            if (join) {
                target.socketsJoin(room);
            } else {
                target.socketsLeave(room);
            }
        });
    }

    private void disconnect(SocketIoSocket admin, EventArgs args) {
        List<Object> list = args.all();
        if (list.size() < 2 || !(list.get(1) instanceof Boolean close)) {
            return;
        }
        target(list.get(0), list.size() > 2 ? list.get(2) : null).ifPresent(target -> {
            LOG.info("Admin UI {}: disconnect sockets of {} {} (close {})", admin.id(), list.get(0),
                    list.size() > 2 ? list.get(2) : "(all)", close);
            target.disconnectSockets(close);
        });
    }

    /** The sockets of an existing namespace, those in the filter room if one is given. */
    private Optional<BroadcastOperator> target(Object nsp, Object filter) {
        if (!name(nsp)) {
            return Optional.empty();
        }
        Optional<Namespace> namespace = io.namespaces().stream().filter(n -> n.name().equals(nsp)).findFirst();
        if (namespace.isEmpty()) {
            return Optional.empty();
        }
        if (filter == null || "".equals(filter)) {
            return Optional.of(namespace.get().except());
        }
        return name(filter) ? Optional.of(namespace.get().in((String) filter)) : Optional.empty();
    }

    private static boolean name(Object value) {
        return value instanceof String text && !text.isEmpty() && text.length() <= MAX_NAME_LENGTH;
    }
}
