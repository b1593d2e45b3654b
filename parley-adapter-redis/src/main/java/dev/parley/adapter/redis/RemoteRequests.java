package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.RemoteSocketDetail;
import dev.parley.adapter.redis.wire.Request;
import dev.parley.adapter.redis.wire.Response;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.parser.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests other servers (or an emitter) sent on the request channel, applied to this server's sockets and
 * answered as Node's adapter answers them. Runs on the namespace's delivery thread.
 */
final class RemoteRequests {
    private final ClassicRedisAdapter adapter;

    RemoteRequests(ClassicRedisAdapter adapter) {
        this.adapter = adapter;
    }

    void handle(Request request) {
        boolean fromHere = adapter.uid().equals(request.uid());
        boolean askedHere = adapter.isOwnRequest(request.requestId());
        switch (request.type()) {
            case SOCKETS -> {
                if (!askedHere) {
                    Set<String> rooms = Set.copyOf(request.rooms() == null ? List.of() : request.rooms());
                    adapter.respond(request, Response.sockets(request.requestId(), List.copyOf(adapter.sockets(rooms))));
                }
            }
            case ALL_ROOMS -> {
                if (!askedHere) {
                    adapter.respond(request, Response.allRooms(request.requestId(), List.copyOf(adapter.rooms())));
                }
            }
            // This server applied its own socketsJoin/Leave and disconnectSockets when it sent them.
            case REMOTE_JOIN -> {
                if (!fromHere) {
                    adapter.localAddSockets(ClassicWire.selection(request.opts()), Set.copyOf(request.rooms()));
                }
            }
            case REMOTE_LEAVE -> {
                if (!fromHere) {
                    adapter.localDelSockets(ClassicWire.selection(request.opts()), Set.copyOf(request.rooms()));
                }
            }
            case REMOTE_DISCONNECT -> {
                if (!fromHere) {
                    adapter.localDisconnectSockets(ClassicWire.selection(request.opts()), Boolean.TRUE.equals(request.close()));
                }
            }
            case REMOTE_FETCH -> {
                if (!askedHere) {
                    fetch(request);
                }
            }
            case SERVER_SIDE_EMIT -> {
                if (!fromHere) {
                    serverSideEmit(request);
                }
            }
            case BROADCAST -> {
                if (!askedHere) {
                    broadcastWithAck(request);
                }
            }
            default -> {
                // Response types never come as requests.
            }
        }
    }

    private void fetch(Request request) {
        List<RemoteSocketDetail> sockets = new ArrayList<>();
        for (RemoteSocket socket : adapter.localFetch(ClassicWire.selection(request.opts()))) {
            sockets.add(ClassicWire.detail(socket));
        }
        adapter.respond(request, Response.fetchedSockets(request.requestId(), sockets));
    }

    private void serverSideEmit(Request request) {
        String requestId = request.requestId();
        if (requestId == null) {
            adapter.local().receiveServerSideEmit(request.data(), null);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        adapter.local().receiveServerSideEmit(request.data(), value -> {
            if (answered.compareAndSet(false, true)) {
                adapter.respondToServerSideEmit(Response.serverSideEmitAck(requestId, WireValues.plain(value)));
            }
        });
    }

    private void broadcastWithAck(Request request) {
        String requestId = request.requestId();
        Optional<Packet> event = ClassicWire.event(request.packet(), adapter.local().name());
        if (requestId == null || event.isEmpty()) {
            return;
        }
        // The packet comes without an id: each server gives it one of its own, as Node's in-memory adapter does.
        @SuppressWarnings("unchecked")
        Packet withId = Packet.event(adapter.local().name(), (List<Object>) event.get().data(), adapter.local().nextAckId());
        BroadcastOptions selection = ClassicWire.selection(request.opts());
        adapter.localBroadcastWithAck(withId, selection,
                clientCount -> adapter.respond(request, Response.broadcastClientCount(requestId, clientCount)),
                ack -> adapter.respond(request, Response.broadcastAck(requestId, WireValues.plain(ack))));
    }
}
