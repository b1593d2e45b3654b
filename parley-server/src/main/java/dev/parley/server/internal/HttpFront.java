package dev.parley.server.internal;

import dev.parley.engineio.EngineIoServer;
import dev.parley.server.HttpRequestHead;
import dev.parley.websocket.HandshakeRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * What every connection's {@link RequestReader} and {@link HttpRouter} share: the mounted paths, the body
 * limits, the executor of blocking work and the counters. Immutable once the server started.
 *
 * @param defaultBodyLimit body limit of paths without one of their own (static files, unknown paths,
 *     WebSocket endpoints)
 * @param exchanges the pending exchanges and open streams of streaming routes
 * @param linger how long a connection refused before its body was read may go on sending it (discarded)
 *     after the refusal, so that the client reads the answer rather than a reset
 */
public record HttpFront(Set<String> webSocketPaths, List<EngineIoServer> engines, List<HttpRoute> routes,
        long defaultBodyLimit, ClientAddressResolver clients, Executor blockingExecutor, Duration linger,
        FrontCounters counters, OpenExchanges exchanges) {

    /** Where a request goes, as far as its body is concerned. */
    record Target(HttpRoute route, EngineIoServer engine, long maxBodySize) {
    }

    /**
     * The target of a request URI. Decodes the path and the query at once, so that a malformed one
     * ({@code /%ZZ}) is refused with 400 before anything else.
     *
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    Target target(String uri) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        String path = decoder.path();
        decoder.parameters();
        String rawPath = decoder.rawPath();
        if (webSocketPaths.contains(rawPath)) {
            return new Target(null, null, defaultBodyLimit);
        }
        for (EngineIoServer engine : engines) {
            if (engine.internal().matches(rawPath)) {
                return new Target(null, engine, engine.config().maxHttpBufferSize());
            }
        }
        HttpRoute route = HttpRoute.find(routes, path);
        return route != null ? new Target(route, null, route.maxBodySize()) : new Target(null, null, defaultBodyLimit);
    }

    /** The request as the WebSocket and Engine.IO layers see it (client address resolved). */
    HandshakeRequest handshakeRequest(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder uri) {
        HandshakeRequest.Builder builder = HandshakeRequest.builder(mounted(uri.path()));
        uri.parameters().forEach((name, values) -> values.forEach(value -> builder.query(name, value)));
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        ClientAddressResolver.Client client = clients.resolve(
                (InetSocketAddress) ctx.channel().remoteAddress(), request.headers(), tls);
        return builder.build(client.address(), client.secure());
    }

    /**
     * The mount's own copy of {@code path} when it names a WebSocket endpoint or an Engine.IO server: every open
     * connection keeps its request's path, and a copy each costs about 50 bytes of an idle connection's heap.
     */
    private String mounted(String path) {
        for (String mountedPath : webSocketPaths) {
            if (mountedPath.equals(path)) {
                return mountedPath;
            }
        }
        for (EngineIoServer engine : engines) {
            String enginePath = engine.config().path();
            if (enginePath.equals(path)) {
                return enginePath;
            }
        }
        return path;
    }

    /** The head of a request as an application's {@code HttpHeadCheck} sees it. */
    HttpRequestHead head(ChannelHandlerContext ctx, HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        HandshakeRequest info = handshakeRequest(ctx, request, uri);
        return new HttpRequestHead(request.method().name(), uri.path(), uri.parameters(), info.headers(),
                info.remoteAddress(), info.secure());
    }
}
