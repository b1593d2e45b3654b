package dev.parley.adapter.redis;

import dev.parley.adapter.redis.wire.Notepack;
import dev.parley.socketio.Handshake;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.parser.Packet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    void handle(Map<String, Object> request) {
        String requestId = request.get("requestId") == null ? null : String.valueOf(request.get("requestId"));
        boolean fromHere = adapter.uid().equals(request.get("uid"));
        switch (ClassicWire.type(request)) {
            case ClassicWire.SOCKETS -> {
                if (!adapter.isOwnRequest(requestId)) {
                    answer(request, "sockets", List.copyOf(adapter.sockets(ClassicWire.rooms(request.get("rooms")))));
                }
            }
            case ClassicWire.ALL_ROOMS -> {
                if (!adapter.isOwnRequest(requestId)) {
                    answer(request, "rooms", List.copyOf(adapter.rooms()));
                }
            }
            case ClassicWire.REMOTE_JOIN -> {
                if (!fromHere) {
                    roomChange(request, true);
                }
            }
            case ClassicWire.REMOTE_LEAVE -> {
                if (!fromHere) {
                    roomChange(request, false);
                }
            }
            case ClassicWire.REMOTE_DISCONNECT -> {
                if (!fromHere) {
                    disconnect(request);
                }
            }
            case ClassicWire.REMOTE_FETCH -> {
                if (!adapter.isOwnRequest(requestId)) {
                    fetch(request);
                }
            }
            case ClassicWire.SERVER_SIDE_EMIT -> {
                if (!fromHere) {
                    serverSideEmit(request, requestId);
                }
            }
            case ClassicWire.BROADCAST -> {
                if (!adapter.isOwnRequest(requestId)) {
                    broadcastWithAck(request, requestId);
                }
            }
            default -> {
                // Node ignores unknown request types too (a newer protocol version may add some).
            }
        }
    }

    private void roomChange(Map<String, Object> request, boolean join) {
        Set<String> rooms = ClassicWire.rooms(request.get("rooms"));
        if (request.get("opts") instanceof Map<?, ?> opts) {
            BroadcastOptions selection = selection(opts);
            if (join) {
                adapter.localAddSockets(selection, rooms);
            } else {
                adapter.localDelSockets(selection, rooms);
            }
            return;
        }
        // The older form names one socket and one room, and is answered.
        Optional<RemoteSocket> socket = socket(request);
        if (socket.isPresent()) {
            String room = ClassicWire.room(request.get("room"));
            if (join) {
                socket.get().join(room);
            } else {
                socket.get().leave(room);
            }
            answer(request, null, null);
        }
    }

    private void disconnect(Map<String, Object> request) {
        boolean close = Boolean.TRUE.equals(request.get("close"));
        if (request.get("opts") instanceof Map<?, ?> opts) {
            adapter.localDisconnectSockets(selection(opts), close);
            return;
        }
        Optional<RemoteSocket> socket = socket(request);
        if (socket.isPresent()) {
            socket.get().disconnect(close);
            answer(request, null, null);
        }
    }

    private void fetch(Map<String, Object> request) {
        Map<?, ?> opts = request.get("opts") instanceof Map<?, ?> m ? m : Map.of();
        List<Object> sockets = new ArrayList<>();
        for (RemoteSocket socket : adapter.localFetch(selection(opts))) {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("id", socket.id());
            Handshake handshake = socket.handshake();
            wire.put("handshake", handshake == null ? Map.of() : NodeHandshake.toWire(handshake));
            wire.put("rooms", List.copyOf(socket.rooms()));
            wire.put("data", socket.data());
            sockets.add(wire);
        }
        answer(request, "sockets", sockets);
    }

    private void serverSideEmit(Map<String, Object> request, String requestId) {
        if (!(request.get("data") instanceof List<?> data)) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object> eventAndArgs = (List<Object>) data;
        if (requestId == null) {
            adapter.local().receiveServerSideEmit(eventAndArgs, null);
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        adapter.local().receiveServerSideEmit(eventAndArgs, value -> {
            if (answered.compareAndSet(false, true)) {
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("type", ClassicWire.SERVER_SIDE_EMIT);
                response.put("requestId", requestId);
                response.put("data", value);
                adapter.respondToServerSideEmit(WireValues.json(response));
            }
        });
    }

    private void broadcastWithAck(Map<String, Object> request, String requestId) {
        if (!(request.get("packet") instanceof Map<?, ?> packet) || requestId == null) {
            return;
        }
        Optional<Packet> event = ClassicWire.event(packet, adapter.local().name());
        if (event.isEmpty()) {
            return;
        }
        Packet withId = Packet.event(adapter.local().name(), castList(event.get().data()), adapter.local().nextAckId());
        Map<?, ?> opts = request.get("opts") instanceof Map<?, ?> m ? m : Map.of();
        adapter.localBroadcastWithAck(withId, selection(opts), clientCount -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("type", ClassicWire.BROADCAST_CLIENT_COUNT);
            response.put("requestId", requestId);
            response.put("clientCount", clientCount);
            adapter.respond(request, WireValues.json(response));
        }, ack -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("type", ClassicWire.BROADCAST_ACK);
            response.put("requestId", requestId);
            response.put("packet", WireValues.plain(ack));
            adapter.respond(request, Notepack.encode(response));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object data) {
        return (List<Object>) data;
    }

    /** Rooms and except of a request; Node applies no flags to them. */
    private static BroadcastOptions selection(Map<?, ?> opts) {
        return new BroadcastOptions(ClassicWire.rooms(opts.get("rooms")), ClassicWire.rooms(opts.get("except")),
                BroadcastFlags.DEFAULT);
    }

    private Optional<RemoteSocket> socket(Map<String, Object> request) {
        Object sid = request.get("sid");
        return sid == null ? Optional.empty() : adapter.local().localSocket(String.valueOf(sid));
    }

    /** {@code {requestId, field: value}} as JSON, to the asking server. */
    private void answer(Map<String, Object> request, String field, Object value) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("requestId", request.get("requestId"));
        if (field != null) {
            response.put(field, value);
        }
        adapter.respond(request, WireValues.json(response));
    }
}
