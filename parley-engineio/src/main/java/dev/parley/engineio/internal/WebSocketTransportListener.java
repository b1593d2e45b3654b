package dev.parley.engineio.internal;

import dev.parley.engineio.CloseReason;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import dev.parley.websocket.spi.LoopTextFilter;
import dev.parley.websocket.spi.TransportConnection;
import java.nio.ByteBuffer;

/**
 * Connects WebSocket sessions on the Engine.IO path to Engine.IO sessions: a WebSocket without a sid
 * opens a new session, one with a sid probes an upgrade of that polling session. A pong (the heartbeat's
 * answer, every {@code pingInterval} on every connection) is taken on the event loop that read it.
 */
final class WebSocketTransportListener implements WebSocketListener, LoopTextFilter {
    private final EngineCore core;

    WebSocketTransportListener(EngineCore core) {
        this.core = core;
    }

    @Override
    public void onOpen(WebSocketSession socket) {
        WebSocketTransport ws = new WebSocketTransport(socket);
        // Attached to the connection itself, the session to the transport: no attribute array per connection.
        ((TransportConnection) socket).attach(ws);
        String sid = socket.request().queryParam("sid").orElse(null);
        if (sid == null) {
            if (!core.isStarted()) {
                ws.close(false);
                return;
            }
            EngineSession session = core.newSession(socket.request(), ((TransportConnection) socket).eventLoop());
            ws.session(session);
            session.openWithWebSocket(ws, core.openPacketData(session.id(), false));
            return;
        }
        EngineSession session = core.session(sid);
        if (session == null || !session.startProbe(ws)) {
            // The session ended or upgraded between the HTTP check and the handshake.
            ws.close(false);
            return;
        }
        ws.session(session);
    }

    @Override
    public void onText(WebSocketSession socket, String text) {
        EngineSession session = session(socket);
        if (session == null) {
            return;
        }
        WebSocketTransport ws = transport(socket);
        EnginePacket packet;
        try {
            packet = EnginePacketCodec.decodeRecord(text);
        } catch (EngineParseException e) {
            if (session.isProbe(ws)) {
                ws.close(false);
            } else {
                session.fail(CloseReason.PARSE_ERROR, false);
            }
            return;
        }
        route(session, ws, packet);
    }

    /**
     * A pong only resets the session's heartbeat, whatever was read before it: it need not wait behind the
     * messages queued for the handler pool, nor wake a pool thread (at 19,000 idle connections, 760 times a
     * second). Before {@code onOpen} ran (no session yet), on a probe, or for any other packet: declined;
     * any other packet is noted as read first, which refreshes a waiting ping's window as the reference server
     * does (see {@link EngineSession#packetRead}), at its read, not once a busy handler pool gets to it.
     */
    @Override
    public boolean handledOnLoop(TransportConnection connection, String text) {
        EngineSession session = session(connection);
        if (session == null) {
            return false;
        }
        if (text.length() != 1 || text.charAt(0) != '0' + EnginePacket.PONG) {
            session.packetRead(transport(connection));
            return false;
        }
        return session.pongOnLoop(transport(connection));
    }

    @Override
    public void onBinary(WebSocketSession socket, ByteBuffer data) {
        EngineSession session = session(socket);
        if (session == null) {
            return;
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        route(session, transport(socket), EnginePacket.message(bytes));
    }

    private static void route(EngineSession session, WebSocketTransport ws, EnginePacket packet) {
        if (session.isProbe(ws)) {
            session.onProbePacket(ws, packet);
        } else if (session.isTransport(ws)) {
            // No deadline check here: a pong read late still answers its ping, until the deadline task runs.
            session.onPacket(packet);
        }
    }

    @Override
    public void onClose(WebSocketSession socket, int code, String reason) {
        EngineSession session = session(socket);
        if (session != null) {
            session.webSocketClosed(transport(socket));
        }
    }

    /** The session of a connection; null before onOpen gave it one, or when it was refused one. */
    private static EngineSession session(WebSocketSession socket) {
        Object attached = ((TransportConnection) socket).attachment();
        return attached instanceof WebSocketTransport ws ? ws.session() : null;
    }

    private static WebSocketTransport transport(WebSocketSession socket) {
        return (WebSocketTransport) ((TransportConnection) socket).attachment();
    }
}
