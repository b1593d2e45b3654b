package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of one endpoint, and broadcast to them with one encoding for all. */
public final class SessionGroup {
    private final Set<WebSocketConnection> sessions = ConcurrentHashMap.newKeySet();
    private final Collection<WebSocketConnection> view = Collections.unmodifiableSet(sessions);

    void add(WebSocketConnection session) {
        sessions.add(session);
    }

    void remove(WebSocketConnection session) {
        sessions.remove(session);
    }

    public Collection<WebSocketConnection> sessions() {
        return view;
    }

    /**
     * Sends one message to every open session but {@code except} (may be null). The frame is encoded once;
     * each session writes a duplicate of the same bytes. Takes ownership of {@code payload}.
     */
    public void broadcast(int opcode, ByteBuf payload, Object except) {
        OutboundMessage message = new OutboundMessage(ByteBufAllocator.DEFAULT, opcode, payload);
        try {
            for (WebSocketConnection session : sessions) {
                if (session != except && session.isOpen()) {
                    session.send(message.retain());
                }
            }
        } finally {
            message.release();
        }
    }
}
