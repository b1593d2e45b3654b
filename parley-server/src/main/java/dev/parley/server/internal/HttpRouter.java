package dev.parley.server.internal;

import dev.parley.engineio.internal.EngineCore;
import dev.parley.engineio.internal.EngineRequests;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.internal.WebSocketUpgrade;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each HTTP request by path: WebSocket endpoints (exact path), Engine.IO servers (their path), then
 * static files, else 404.
 * Malformed requests get 400 with a reason. Anything that may block (file reads) runs off the event loop.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Names of the HTTP-only handlers, removed when a connection becomes a WebSocket. */
    public static final String[] HTTP_HANDLERS = {"aggregator", "request-timeout", "http-idle", "router"};
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private final Map<String, WebSocketEndpoint> endpoints;
    private final List<EngineCore> engines;
    private final WebSocketConfig webSocketConfig;
    private final StaticFiles staticFiles;
    private final ClientAddressResolver clientAddresses;
    private final Executor handlerExecutor;
    private final Executor blockingExecutor;

    public HttpRouter(Map<String, WebSocketEndpoint> endpoints, List<EngineCore> engines, WebSocketConfig webSocketConfig, StaticFiles staticFiles,
            ClientAddressResolver clientAddresses, Executor handlerExecutor, Executor blockingExecutor) {
        this.endpoints = endpoints;
        this.engines = engines;
        this.webSocketConfig = webSocketConfig;
        this.staticFiles = staticFiles;
        this.clientAddresses = clientAddresses;
        this.handlerExecutor = handlerExecutor;
        this.blockingExecutor = blockingExecutor;
    }

    /** Requests pipelined behind one being served: HTTP/1.1 answers in order (RFC 9112 §9.3.2). */
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private boolean busy;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            pipelined.add(request.retain());
            return;
        }
        route(ctx, request);
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            HttpResponses.send(ctx, null, HttpResponses.text(HttpResponseStatus.BAD_REQUEST,
                    "Malformed HTTP request: " + request.decoderResult().cause().getMessage()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        WebSocketEndpoint endpoint = endpoints.get(uri.rawPath());
        if (endpoint != null) {
            WebSocketUpgrade.handle(ctx, request, handshakeRequest(ctx, request, uri), endpoint, webSocketConfig,
                    handlerExecutor, HTTP_HANDLERS);
            return;
        }
        for (EngineCore engine : engines) {
            if (EngineRequests.matches(engine, uri.rawPath())) {
                busy = true;
                EngineRequests.handle(ctx, request, handshakeRequest(ctx, request, uri), engine, () -> {
                    busy = false;
                    routeNext(ctx);
                    // Engine.IO's WebSocket callbacks only parse and hand over (its own listeners run off the
                    // loop), so they run on the event loop: packets keep their order relative to HTTP polls.
                }, (c, r, info, wsEndpoint) -> WebSocketUpgrade.handle(c, r, info, wsEndpoint, webSocketConfig,
                        Runnable::run, HTTP_HANDLERS));
                return;
            }
        }
        serveStatic(ctx, request.retain());
    }

    private void serveStatic(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        blockingExecutor.execute(() -> {
            FullHttpResponse response;
            try {
                response = staticFiles.respond(request);
                if (response == null) {
                    response = HttpResponses.text(HttpResponseStatus.NOT_FOUND, "Not found: " + request.uri());
                }
            } catch (Exception e) {
                LOG.warn("Static file {} failed", request.uri(), e);
                response = HttpResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Could not read the file");
            }
            FullHttpResponse toSend = response;
            ctx.executor().execute(() -> {
                try {
                    HttpResponses.send(ctx, request, toSend);
                } finally {
                    request.release();
                }
                busy = false;
                routeNext(ctx);
            });
        });
    }

    private void routeNext(ChannelHandlerContext ctx) {
        FullHttpRequest next;
        while (!busy && (next = pipelined.poll()) != null) {
            try {
                route(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        FullHttpRequest request;
        while ((request = pipelined.poll()) != null) {
            request.release();
        }
    }

    private HandshakeRequest handshakeRequest(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new java.util.ArrayList<>()).add(header.getValue());
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        ClientAddressResolver.Client client = clientAddresses.resolve(
                (InetSocketAddress) ctx.channel().remoteAddress(), request.headers(), tls);
        return new HandshakeRequest(uri.path(), uri.parameters(), headers, client.address(), client.secure());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed", ctx.channel(), cause);
        ctx.close();
    }
}
