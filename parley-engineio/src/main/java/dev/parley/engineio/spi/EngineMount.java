package dev.parley.engineio.spi;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.spi.HandlerDispatch;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * An Engine.IO server as the HTTP server that mounts it sees it ({@code EngineIoServer.internal()}): started
 * with the server's handler dispatch, asked which request paths are its own, handed those requests, stopped
 * with the server.
 *
 * <p>SPI between Parley's modules, used by {@code parley-server}; not for applications, and implemented only
 * by {@code parley-engineio}. Its request methods take Netty types because Engine.IO answers polls on the HTTP
 * server's channel (a long poll writes its answer later, on the event loop) and upgrades that channel to a
 * WebSocket; an application never sees them.
 */
public interface EngineMount {
    /**
     * Called once by the server that mounts this Engine.IO server, before any request; again only after
     * {@link #stop}. Fails if already started.
     */
    void start(HandlerDispatch handlers, WebSocketConfig serverWebSocketConfig);

    /** Closes every session with "server shutting down"; a later {@link #start} may mount it again. */
    void stop();

    /** Whether a request path belongs to this Engine.IO server ({@code /socket.io/} or {@code /socket.io}). */
    boolean matches(String rawPath);

    /**
     * Handles one request on the event loop. The caller keeps ownership of {@code request}. {@code done} runs
     * on the event loop once the answer is written (a poll may wait up to {@code pingInterval}); it does not
     * run when the connection became a WebSocket, through {@code handoff}.
     */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info, Runnable done,
            WebSocketHandoff handoff);

    /** Performs a WebSocket handshake on the connection (the HTTP server knows its pipeline). */
    @FunctionalInterface
    interface WebSocketHandoff {
        void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info, WebSocketEndpoint endpoint);
    }
}
