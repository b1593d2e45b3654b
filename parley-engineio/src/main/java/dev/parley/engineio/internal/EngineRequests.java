package dev.parley.engineio.internal;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.spi.EngineMount.WebSocketHandoff;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketEndpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Answers HTTP requests to an Engine.IO path (on the event loop): handshakes, polls, posts, CORS
 * preflights, and hands WebSocket upgrades to the WebSocket layer. Checks are those of the reference
 * server, in its order, with its error codes.
 */
public final class EngineRequests {
    private EngineRequests() {
    }

    /** Whether a request path belongs to this Engine.IO server ({@code /socket.io/} or {@code /socket.io}). */
    public static boolean matches(EngineCore core, String rawPath) {
        String path = core.config().path();
        return rawPath.equals(path) || rawPath.length() == path.length() - 1 && path.startsWith(rawPath)
                || core.resource(rawPath) != null;
    }

    /**
     * Handles one request. The caller keeps ownership of {@code request}. {@code done} runs on the event loop
     * once the answer is written (a poll may wait up to {@code pingInterval}); it does not run when the
     * connection became a WebSocket.
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info,
            EngineCore core, Runnable done, WebSocketHandoff handoff) {
        EngineIoConfig config = core.config();
        HttpExchange exchange = new HttpExchange(ctx, request, config, done);
        HttpMethod method = request.method();
        StaticResource resource = core.resource(info.path());
        if (resource != null) {
            exchange.respondResource(resource, request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
            return;
        }
        String transport = info.queryParam("transport").orElse(null);
        String sid = info.queryParam("sid").orElse(null);
        if (HttpMethod.OPTIONS.equals(method)) {
            if (config.corsOrigins().isEmpty()) {
                refuse(core, exchange, EngineError.BAD_REQUEST);
            } else {
                exchange.respondPreflight(request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
            }
            return;
        }
        if (transport == null || !config.transports().contains(transport)) {
            refuse(core, exchange, EngineError.UNKNOWN_TRANSPORT);
            return;
        }
        boolean webSocket = EngineIoConfig.WEBSOCKET.equals(transport);
        if (sid != null) {
            existingSession(ctx, request, info, core, exchange, sid, webSocket, handoff);
            return;
        }
        if (!"4".equals(info.queryParam("EIO").orElse(null))) {
            refuse(core, exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
            return;
        }
        if (!HttpMethod.GET.equals(method)) {
            refuse(core, exchange, EngineError.BAD_HANDSHAKE_METHOD);
            return;
        }
        if (!core.isStarted()) {
            refuse(core, exchange, EngineError.BAD_REQUEST); // stopping: no new sessions
            return;
        }
        if (!config.allowRequest().allow(info)) {
            refuse(core, exchange, EngineError.FORBIDDEN);
            return;
        }
        if (webSocket) {
            handoff.upgrade(ctx, request, info, core.endpoint());
            return;
        }
        EngineSession session = core.newSession(info, ctx.channel().eventLoop());
        PollingTransport polling = new PollingTransport(session);
        String openPayload = session.openWithPolling(polling, core.openPacketData(session.id(), true));
        String cookie = config.cookieName() == null ? null
                : config.cookieName() + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Lax";
        exchange.respond(HttpResponseStatus.OK, "text/plain; charset=UTF-8", openPayload,
                cookie, false);
    }

    private static void existingSession(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info,
            EngineCore core, HttpExchange exchange, String sid, boolean webSocket, WebSocketHandoff handoff) {
        EngineSession session = core.session(sid);
        // A POST may carry the pong that answers a late ping: only a poll is refused past the deadline.
        if (session == null || HttpMethod.GET.equals(request.method()) && !webSocket && session.expired()) {
            refuse(core, exchange, EngineError.UNKNOWN_SID);
            return;
        }
        if (webSocket) {
            if (!core.config().allowUpgrades() || !HttpMethod.GET.equals(request.method())) {
                refuse(core, exchange, EngineError.BAD_REQUEST);
                return;
            }
            // A session that upgraded already gets a WebSocket that is closed at once, as the reference does.
            handoff.upgrade(ctx, request, info, core.endpoint());
            return;
        }
        if (!session.usesPolling()) {
            // Upgraded: polling requests for this sid are refused and the session goes on (reference server).
            refuse(core, exchange, EngineError.BAD_REQUEST);
            return;
        }
        if (HttpMethod.GET.equals(request.method())) {
            session.onPoll(exchange);
        } else if (HttpMethod.POST.equals(request.method())) {
            post(request, core, session, exchange);
        } else {
            refuse(core, exchange, EngineError.BAD_REQUEST);
        }
    }

    /** Answers with an Engine.IO error, and tells the observer why. */
    private static void refuse(EngineCore core, HttpExchange exchange, EngineError error) {
        core.config().observer().requestRefused(error.name().toLowerCase(java.util.Locale.ROOT));
        exchange.respondError(error);
    }

    private static void post(FullHttpRequest request, EngineCore core, EngineSession session, HttpExchange exchange) {
        if (request.content().readableBytes() > core.config().maxHttpBufferSize()) {
            exchange.respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "application/json",
                    "{\"code\":3,\"message\":\"Payload too large\"}", null, false);
            session.fail(CloseReason.TRANSPORT_ERROR, false);
            return;
        }
        List<EnginePacket> packets;
        try {
            packets = EnginePacketCodec.decodePayload(request.content().toString(StandardCharsets.UTF_8));
        } catch (EngineParseException e) {
            refuse(core, exchange, EngineError.BAD_REQUEST);
            session.fail(CloseReason.PARSE_ERROR, false);
            return;
        }
        session.onPost(packets);
        session.answerPost(exchange);
    }
}
