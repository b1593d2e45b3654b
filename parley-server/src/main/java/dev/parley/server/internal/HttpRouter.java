package dev.parley.server.internal;

import dev.parley.engineio.spi.EngineMount;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.spi.HandlerDispatch;
import dev.parley.websocket.spi.WebSocketUpgrade;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each HTTP request by path: WebSocket endpoints (exact path), Engine.IO servers (their path),
 * application routes (longest prefix), then static files, else 404.
 * Malformed requests get 400 with a reason. Anything that may block (file reads) runs off the event loop.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Names of the HTTP-only handlers, removed when a connection becomes a WebSocket. */
    public static final String[] HTTP_HANDLERS = {"reader", "request-timeout", "http-idle", "router"};
    /** This handler's name in the pipeline. */
    static final String NAME = "router";
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private final HttpFront front;
    private final Map<String, WebSocketEndpoint> endpoints;
    private final List<EngineMount> engines;
    private final WebSocketConfig webSocketConfig;
    private final StaticFiles staticFiles;
    private final HandlerDispatch handlers;
    private final Executor blockingExecutor;
    private ReadPauses pauses;
    /** The request of a streaming route waiting for its answer, or null. */
    private StreamingExchange exchange;

    public HttpRouter(HttpFront front, Map<String, WebSocketEndpoint> endpoints, List<EngineMount> engines,
            WebSocketConfig webSocketConfig, StaticFiles staticFiles, HandlerDispatch handlers) {
        this.front = front;
        this.endpoints = endpoints;
        this.engines = engines;
        this.webSocketConfig = webSocketConfig;
        this.staticFiles = staticFiles;
        this.handlers = handlers;
        this.blockingExecutor = front.blockingExecutor();
    }

    /** Called once by the initializer, before the connection is read. */
    void pauses(ReadPauses pauses) {
        this.pauses = pauses;
    }

    /** Requests pipelined behind one being served: HTTP/1.1 answers in order (RFC 9112 §9.3.2). */
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    /** Requests a client may pipeline behind one being served before the connection stops being read. */
    private static final int MAX_PIPELINED = 16;
    private boolean busy;

    /** Whether nothing is being served or waiting: an interim 100 Continue may go out now. */
    boolean idle() {
        return !busy && pipelined.isEmpty();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            pipelined.add(request.retain());
            front.counters().pipelined(pipelined.size());
            if (pipelined.size() >= MAX_PIPELINED) {
                // A client pipelining behind a long poll: stop reading rather than buffer without limit. The
                // codec still decodes what the last socket read brought (Netty decodes a buffer whole), so
                // what is held is bounded by MAX_PIPELINED plus the requests of one read.
                pauses.pause(ReadPauses.PIPELINE_FULL);
            }
            return;
        }
        route(ctx, request);
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request instanceof RefusedRequest refused) {
            answerRefusal(ctx, refused);
            return;
        }
        if (request.decoderResult().isFailure()) {
            HttpResponses.send(ctx, null, HttpResponses.text(HttpResponseStatus.BAD_REQUEST,
                    "Malformed HTTP request: " + request.decoderResult().cause().getMessage()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        WebSocketEndpoint endpoint = endpoints.get(uri.rawPath());
        if (endpoint != null) {
            WebSocketUpgrade.handle(ctx, request, handshakeRequest(ctx, request, uri), endpoint, webSocketConfig,
                    handlers, HTTP_HANDLERS);
            return;
        }
        for (EngineMount engine : engines) {
            if (engine.matches(uri.rawPath())) {
                busy = true;
                engine.handle(ctx, request, handshakeRequest(ctx, request, uri), () -> {
                    busy = false;
                    routeNext(ctx);
                    // Engine.IO's WebSocket callbacks only parse and hand over (its own listeners run off the
                    // loop), so they run on the event loop: packets keep their order relative to HTTP polls.
                }, (c, r, info, wsEndpoint) -> WebSocketUpgrade.handle(c, r, info, wsEndpoint, webSocketConfig,
                        HandlerDispatch.inline(handlers.handlersOnEventLoops()), HTTP_HANDLERS));
                return;
            }
        }
        HttpRoute route = HttpRoute.find(front.routes(), uri.path());
        if (route != null && route.streaming() != null) {
            serveStreaming(ctx, request, uri, route);
            return;
        }
        if (route != null) {
            serveRoute(ctx, request, uri, route);
            return;
        }
        serveStatic(ctx, request.retain());
    }

    /**
     * A request refused from its head (body limit, head check, malformed target). If its body was still
     * coming, the connection ends: output is shut once the answer is out, so that the client reads the answer
     * (closing with unread bytes would reset it), and the socket closes when the body has been discarded or
     * after the linger time.
     */
    private void answerRefusal(ChannelHandlerContext ctx, RefusedRequest refused) {
        refused.answered(true);
        if (!refused.bodyPending()) {
            HttpResponses.send(ctx, refused, refused.response());
            return;
        }
        busy = true; // nothing after it is served
        FullHttpResponse response = refused.response();
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(written -> {
            if (refused.bodyEnded() || !written.isSuccess() || !(ctx.channel() instanceof DuplexChannel duplex)) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> {
                ctx.close();
            }, front.linger().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** An application route: the request is copied into plain values and handled on the blocking executor. */
    private void serveRoute(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, HttpRoute route) {
        HandshakeRequest info = handshakeRequest(ctx, request, uri);
        byte[] body = ByteBufUtil.getBytes(request.content());
        dev.parley.server.HttpRequest appRequest = new dev.parley.server.HttpRequest(request.method().name(),
                uri.path(), uri.parameters(), info.headers(), body, info.remoteAddress(), info.secure());
        FullHttpRequest headersOnly = request.replace(Unpooled.EMPTY_BUFFER);
        busy = true;
        blockingExecutor.execute(() -> {
            FullHttpResponse response;
            try {
                response = toNetty(route.handler().handle(appRequest));
            } catch (Exception e) {
                LOG.warn("Route {} failed on {} {}", route.prefix(), appRequest.method(), appRequest.path(), e);
                response = HttpResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal error");
            }
            FullHttpResponse toSend = response;
            ctx.executor().execute(() -> {
                HttpResponses.send(ctx, headersOnly, toSend);
                busy = false;
                routeNext(ctx);
            });
        });
    }

    /**
     * A streaming route: its handler gets the request and an exchange on the blocking executor, and answers
     * through the exchange whenever it likes; until then the connection is busy (pipelined requests wait).
     */
    private void serveStreaming(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            HttpRoute route) {
        HandshakeRequest info = handshakeRequest(ctx, request, uri);
        dev.parley.server.HttpRequest appRequest = new dev.parley.server.HttpRequest(request.method().name(),
                uri.path(), uri.parameters(), info.headers(), new byte[0], info.remoteAddress(), info.secure());
        FullHttpRequest headersOnly = request.replace(Unpooled.EMPTY_BUFFER);
        busy = true;
        StreamingExchange pending = new StreamingExchange(ctx.channel(), front.exchanges(), route, this, ctx,
                headersOnly);
        exchange = pending;
        blockingExecutor.execute(() -> {
            try {
                route.streaming().handle(appRequest, pending);
            } catch (Exception e) {
                LOG.warn("Route {} failed on {} {}", route.prefix(), appRequest.method(), appRequest.path(), e);
                pending.failed();
            }
        });
    }

    /** The pending exchange was answered (its response is written): the next request may be served. */
    void answered(ChannelHandlerContext ctx) {
        exchange = null;
        busy = false;
        routeNext(ctx);
    }

    static FullHttpResponse toNetty(dev.parley.server.HttpResponse response) {
        FullHttpResponse netty = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((name, value) -> netty.headers().set(name, value));
        return netty;
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
        if (pauses.paused(ReadPauses.PIPELINE_FULL) && pipelined.size() < MAX_PIPELINED / 2) {
            pauses.resume(ReadPauses.PIPELINE_FULL);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.connectionLost();
            exchange = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        exchange = null; // answered, or its stream took the connection over
        pauses.clear();
        FullHttpRequest request;
        while ((request = pipelined.poll()) != null) {
            request.release();
        }
    }

    private HandshakeRequest handshakeRequest(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
        return front.handshakeRequest(ctx, request, uri);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed", ctx.channel(), cause);
        ctx.close();
    }
}
