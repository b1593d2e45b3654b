package dev.parley.websocket;

import dev.parley.websocket.internal.OutboundMessage;
import dev.parley.websocket.internal.SessionGroup;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A WebSocket endpoint mounted on a path: its listener, how it picks a subprotocol, its config, and its
 * open sessions, to which it can broadcast. Thread-safe.
 *
 * <p>A broadcast is encoded once: the same frame bytes are written to every session (sessions that
 * negotiated permessage-deflate share one compressed frame when their parameters allow).
 */
public final class WebSocketEndpoint {
    private final String path;
    private final WebSocketListener listener;
    private final SubprotocolSelector subprotocolSelector;
    private final WebSocketConfig config;
    private final SessionGroup sessions = new SessionGroup();

    private WebSocketEndpoint(Builder builder) {
        this.path = builder.path;
        this.listener = builder.listener;
        this.subprotocolSelector = builder.subprotocolSelector;
        this.config = builder.config;
    }

    /**
     * @param path the exact request path, e.g. {@code /ws/echo}
     */
    public static Builder builder(String path, WebSocketListener listener) {
        return new Builder(path, listener);
    }

    public String path() {
        return path;
    }

    public WebSocketListener listener() {
        return listener;
    }

    public SubprotocolSelector subprotocolSelector() {
        return subprotocolSelector;
    }

    /** This endpoint's own config, or null to use the server's. */
    public WebSocketConfig config() {
        return config;
    }

    /** A snapshot of the open sessions. */
    public List<WebSocketSession> sessions() {
        return new ArrayList<>(group().sessions());
    }

    public int sessionCount() {
        return group().size();
    }

    /** Sends a text message to every open session. */
    public void broadcastText(String text) {
        broadcastText(text, null);
    }

    /** Sends a text message to every open session but {@code except} (null for none). */
    public void broadcastText(String text, WebSocketSession except) {
        broadcastText(text, except, true);
    }

    /**
     * Like {@link #broadcastText(String, WebSocketSession)}; {@code compress} false sends it uncompressed to
     * every session (one plain frame shared by all), as {@link WebSocketSession#sendText(String, boolean)}.
     */
    public void broadcastText(String text, WebSocketSession except, boolean compress) {
        sessions.broadcast(OutboundMessage.text(ByteBufAllocator.DEFAULT, text), except, compress);
    }

    /**
     * Sends a text message to some of this endpoint's sessions (a topic's subscribers, a room), encoded once
     * as {@link #broadcastText(String)} does: one frame, a duplicate written to each, one task per event loop.
     * Each session applies its own outbound limit and slow-consumer policy, as for a broadcast. Sessions that
     * closed, or belong to another endpoint, are skipped. Per session, the message keeps its order with the
     * sends and broadcasts made before it from the same thread.
     *
     * @param compress as in {@link #broadcastText(String, WebSocketSession, boolean)}
     */
    public void sendText(String text, Collection<? extends WebSocketSession> to, boolean compress) {
        if (to.isEmpty()) {
            return;
        }
        SessionGroup.broadcastTo(OutboundMessage.text(ByteBufAllocator.DEFAULT, text), to, this, compress);
    }

    /** Sends a binary message to every open session but {@code except} (null for none). */
    public void broadcastBinary(byte[] data, WebSocketSession except) {
        broadcastBinary(data, except, true);
    }

    /** Like {@link #broadcastBinary(byte[], WebSocketSession)}; {@code compress} as in broadcastText. */
    public void broadcastBinary(byte[] data, WebSocketSession except, boolean compress) {
        sessions.broadcast(OutboundMessage.binary(ByteBufAllocator.DEFAULT, ByteBuffer.wrap(data)), except,
                compress);
    }

    /** The registry behind this endpoint; internal to Parley's server. */
    SessionGroup group() {
        return sessions;
    }

    static {
        dev.parley.websocket.internal.EndpointAccess.install(WebSocketEndpoint::group);
    }

    @Override
    public String toString() {
        return "WebSocketEndpoint[" + path + "]";
    }

    /** Builder of {@link WebSocketEndpoint}. */
    public static final class Builder {
        private final String path;
        private final WebSocketListener listener;
        private SubprotocolSelector subprotocolSelector = SubprotocolSelector.none();
        private WebSocketConfig config;

        private Builder(String path, WebSocketListener listener) {
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + path);
            }
            this.path = path;
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** Accepts the first of the client's subprotocols that is in this list. */
        public Builder subprotocols(String... supported) {
            this.subprotocolSelector = SubprotocolSelector.supporting(List.of(supported));
            return this;
        }

        public Builder subprotocolSelector(SubprotocolSelector selector) {
            this.subprotocolSelector = Objects.requireNonNull(selector);
            return this;
        }

        /** Limits for this endpoint only; by default the server's apply. */
        public Builder config(WebSocketConfig config) {
            this.config = config;
            return this;
        }

        public WebSocketEndpoint build() {
            return new WebSocketEndpoint(this);
        }
    }
}
