package dev.parley.socketio;

import dev.parley.engineio.EngineIoSocket;
import dev.parley.engineio.PreparedMessage;
import dev.parley.socketio.adapter.OutgoingPacket;
import dev.parley.socketio.parser.EncodedPacket;
import dev.parley.socketio.parser.Packet;
import dev.parley.socketio.parser.PacketType;
import dev.parley.socketio.parser.SocketIoParseException;
import dev.parley.socketio.parser.SocketIoParser;
import io.netty.util.Timeout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen by Socket.IO: decodes its packets, connects it to namespaces (one socket
 * per namespace, multiplexed) and writes encoded packets to it. Inbound methods run on the connection's
 * serial listener thread, so a client's packets are handled one at a time, in order.
 */
final class Client {
    private static final Logger LOG = LoggerFactory.getLogger(Client.class);

    private final SocketIoServer server;
    private final EngineIoSocket connection;
    private final SocketIoParser.Decoder decoder;
    // Replaced under this object's lock on change: null, the one socket (a connection nearly always joins one
    // namespace), or an immutable map by namespace name. An idle server holds one Client per connection, and a
    // concurrent map cost ~200 bytes, an immutable one-entry map 32.
    private volatile Object sockets;
    /** Namespaces whose CONNECT is going through middleware: their packets wait or are dropped, not fatal. */
    private volatile java.util.Set<String> connecting = java.util.Set.of();
    private volatile Timeout connectTimer;
    private boolean closed;

    Client(SocketIoServer server, EngineIoSocket connection) {
        this.server = server;
        this.connection = connection;
        this.decoder = server.config().parser().newDecoder();
        // A connection that never joins a namespace is closed (socket.io's connectTimeout).
        this.connectTimer = server.timer().newTimeout(t -> {
            if (sockets == null) {
                connection.close();
            }
        }, server.config().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    EngineIoSocket connection() {
        return connection;
    }

    void onText(String text) {
        Packet packet;
        try {
            packet = decoder.decode(text);
        } catch (SocketIoParseException e) {
            parseError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    void onBinary(byte[] data) {
        Packet packet;
        try {
            packet = decoder.decode(data);
        } catch (SocketIoParseException e) {
            parseError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    private void parseError(SocketIoParseException e) {
        LOG.debug("Socket.IO parse error from {}: {}", connection.id(), e.getMessage());
        closeAll(DisconnectReason.PARSE_ERROR);
        connection.close();
    }

    private void onPacket(Packet packet) {
        SocketIoSocket socket = socketFor(packet.namespace());
        if (socket == null && packet.type() == PacketType.CONNECT) {
            connect(packet);
        } else if (socket != null && packet.type() != PacketType.CONNECT && packet.type() != PacketType.CONNECT_ERROR) {
            socket.onPacket(packet);
        } else if (!connecting.contains(packet.namespace())) {
            // A packet that makes no sense in this state (the reference server closes the connection too).
            LOG.debug("Invalid state from {}: {} for {}", connection.id(), packet.type(), packet.namespace());
            connection.close();
        }
    }

    private void connect(Packet packet) {
        String name = packet.namespace();
        if (!startConnecting(name)) {
            return;
        }
        Namespace namespace = server.namespaceFor(name);
        if (namespace == null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", "Invalid namespace");
            server.config().observer().connectRefused("invalid_namespace");
            write(new Packet(PacketType.CONNECT_ERROR, name, Packet.NO_ID, error));
            stopConnecting(name);
            return;
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        if (packet.data() instanceof Map<?, ?> map) {
            map.forEach((k, v) -> auth.put(String.valueOf(k), v));
        }
        // Connection state recovery: the client names its previous session and the last offset it saw.
        Object pid = server.config().recoveryEnabled() ? auth.remove("pid") : null;
        Object offset = server.config().recoveryEnabled() ? auth.remove("offset") : null;
        namespace.connect(this, auth, pid instanceof String p ? p : null, offset instanceof String o ? o : null);
    }

    /** Called by the namespace once its middlewares let the socket in. */
    /**
     * Registers a socket the namespace admitted; false if the connection closed meanwhile (an asynchronous
     * middleware may finish after it), so that no socket outlives its connection.
     */
    synchronized boolean connected(SocketIoSocket socket) {
        stopConnecting(socket.namespace().name());
        if (closed || !connection.isOpen()) {
            return false;
        }
        Map<String, SocketIoSocket> next = byNamespace();
        next.put(socket.namespace().name(), socket);
        sockets = packed(next);
        cancelConnectTimer();
        return true;
    }

    /** A middleware refused the socket. */
    void refused(String namespace) {
        stopConnecting(namespace);
    }

    synchronized void removed(SocketIoSocket socket) {
        String name = socket.namespace().name();
        if (socketFor(name) == socket) {
            Map<String, SocketIoSocket> next = byNamespace();
            next.remove(name);
            sockets = packed(next);
        }
    }

    private SocketIoSocket socketFor(String namespace) {
        Object current = sockets;
        if (current instanceof SocketIoSocket one) {
            return one.namespace().name().equals(namespace) ? one : null;
        }
        @SuppressWarnings("unchecked")
        Map<String, SocketIoSocket> map = (Map<String, SocketIoSocket>) current;
        return map == null ? null : map.get(namespace);
    }

    /** A mutable copy of the sockets by namespace name. */
    private Map<String, SocketIoSocket> byNamespace() {
        Map<String, SocketIoSocket> copy = new java.util.HashMap<>(4);
        Object current = sockets;
        if (current instanceof SocketIoSocket one) {
            copy.put(one.namespace().name(), one);
        } else if (current != null) {
            @SuppressWarnings("unchecked")
            Map<String, SocketIoSocket> map = (Map<String, SocketIoSocket>) current;
            copy.putAll(map);
        }
        return copy;
    }

    private static Object packed(Map<String, SocketIoSocket> byName) {
        return byName.isEmpty() ? null : byName.size() == 1 ? byName.values().iterator().next() : Map.copyOf(byName);
    }

    private synchronized boolean startConnecting(String name) {
        if (connecting.contains(name)) {
            return false;
        }
        java.util.Set<String> next = new java.util.HashSet<>(connecting);
        next.add(name);
        connecting = java.util.Set.copyOf(next);
        return true;
    }

    private synchronized void stopConnecting(String name) {
        if (connecting.contains(name)) {
            java.util.Set<String> next = new java.util.HashSet<>(connecting);
            next.remove(name);
            connecting = java.util.Set.copyOf(next);
        }
    }

    /** Cancelled and dropped: a cancelled timeout kept in a field would still cost its 56 bytes per client. */
    private void cancelConnectTimer() {
        Timeout timer = connectTimer;
        if (timer != null) {
            timer.cancel();
            connectTimer = null;
        }
    }

    void write(Packet packet) {
        write(packet, true);
    }

    /** {@code compress}: Engine.IO's option for each message of the packet (false: never deflated). */
    void write(Packet packet, boolean compress) {
        write(server.config().parser().encode(packet), false, compress);
    }

    /**
     * Writes a broadcast's shared messages; a volatile one is dropped if the connection cannot take it now.
     * {@code compress} false: the messages go out uncompressed (the frame every such target shares).
     */
    boolean write(OutgoingPacket outgoing, boolean isVolatile, boolean compress) {
        if (!connection.isOpen() || isVolatile && !connection.writable()) {
            return false;
        }
        List<PreparedMessage> messages = outgoing.messages();
        if (messages.size() == 1) {
            connection.send(messages.get(0), compress);
        } else {
            // A packet and its attachments as one unit: nothing may come between them.
            connection.send(messages, compress);
        }
        return true;
    }

    /** Writes an encoded packet; a volatile one is dropped if the connection cannot take it right now. */
    boolean write(EncodedPacket encoded, boolean isVolatile, boolean compress) {
        if (!connection.isOpen() || isVolatile && !connection.writable()) {
            return false;
        }
        if (encoded.attachments().isEmpty()) {
            connection.send(encoded.text(), compress);
            return true;
        }
        if (encoded.text() == null && encoded.attachments().size() == 1) {
            connection.send(encoded.attachments().get(0), compress); // one binary message (MessagePack)
            return true;
        }
        List<PreparedMessage> messages = new ArrayList<>(encoded.messageCount());
        if (encoded.text() != null) {
            messages.add(server.engine().prepare(encoded.text()));
        }
        for (byte[] attachment : encoded.attachments()) {
            messages.add(server.engine().prepare(attachment));
        }
        try {
            connection.send(messages, compress);
        } finally {
            messages.forEach(PreparedMessage::close);
        }
        return true;
    }

    /** The connection ended: every socket on it disconnects with the reason. */
    void onClose(DisconnectReason reason) {
        synchronized (this) {
            closed = true;
        }
        cancelConnectTimer();
        closeAll(reason);
    }

    private void closeAll(DisconnectReason reason) {
        for (SocketIoSocket socket : new ArrayList<>(byNamespace().values())) {
            socket.onClose(reason);
        }
    }

    /** Server-side close of the whole connection: each socket is told (DISCONNECT), then the connection closes. */
    void disconnectAll() {
        List<SocketIoSocket> all = new ArrayList<>(byNamespace().values());
        for (SocketIoSocket socket : all) {
            socket.disconnect(false);
        }
        connection.close();
    }
}
