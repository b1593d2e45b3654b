package dev.parley.websocket.spi;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.internal.HandshakeRules;
import dev.parley.websocket.internal.WebSocketConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Adapts {@link HandshakeRules} to a Netty pipeline: answers a rejected handshake with an HTTP error and a
 * reason, or writes the 101 and turns the HTTP pipeline into a WebSocket one.
 *
 * <p>Pipeline surgery, in this order: the HTTP handlers after the codec are removed, the
 * {@link WebSocketConnection} is added, the codec's decoder is removed (bytes it had buffered flow to the
 * connection), the 101 is written through the codec's encoder, and once it is out the encoder is removed
 * and the session opens.
 *
 * <p>SPI between Parley's modules, called by {@code parley-server}'s HTTP router (for WebSocket endpoints and
 * for Engine.IO's upgrades); not for applications. Netty types because the handshake is pipeline surgery on
 * the HTTP server's channel: the caller hands over the channel's context and the request it read.
 */
public final class WebSocketUpgrade {
    private WebSocketUpgrade() {
    }

    /**
     * Handles a request to a WebSocket endpoint. The caller keeps ownership of {@code request}.
     *
     * @param httpHandlersToRemove names of the pipeline's HTTP-only handlers (aggregator, router, timeouts)
     */
    public static void handle(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info,
            WebSocketEndpoint endpoint, WebSocketConfig serverConfig, HandlerDispatch handlers,
            String... httpHandlersToRemove) {
        WebSocketConfig config = endpoint.config() != null ? endpoint.config() : serverConfig;
        boolean http11 = request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0;
        HandshakeRules.Outcome outcome = HandshakeRules.evaluate(request.method().name(), http11, info, endpoint, config);
        if (outcome instanceof HandshakeRules.Reject reject) {
            serverConfig.observer().handshakeRejected(endpoint.path(), reject.status());
            reject(ctx, reject);
            return;
        }
        HandshakeRules.Accept accept = (HandshakeRules.Accept) outcome;
        WebSocketConnection connection = new WebSocketConnection(endpoint, info, accept.subprotocol(), config,
                accept.deflate(), handlers.executorFor(ctx.channel().eventLoop()),
                handlers.handlersOnEventLoops());
        // The server's observer, even where the endpoint has a config of its own: one watcher per server.
        connection.observe(serverConfig.observer());
        HttpResponse response = switchingProtocols(accept);
        ChannelPipeline pipeline = ctx.pipeline();
        HttpServerCodec codec = pipeline.get(HttpServerCodec.class);
        String codecName = pipeline.context(codec).name();
        for (String name : httpHandlersToRemove) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.addAfter(codecName, "parley-websocket", connection);
        if (!config.idleTimeout().isZero()) {
            pipeline.addBefore("parley-websocket", "parley-websocket-idle",
                    new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
        codec.removeInboundHandler();
        ChannelHandlerContext connectionCtx = pipeline.context(connection);
        connectionCtx.writeAndFlush(response).addListener(future -> {
            if (future.isSuccess()) {
                codec.removeOutboundHandler();
                // An emptied codec would stay as a pass-through holding its decoder's buffers: a few hundred
                // bytes per connection for nothing.
                if (pipeline.context(codec) != null) {
                    pipeline.remove(codec);
                }
                connection.opened();
            } else {
                connectionCtx.close();
            }
        });
    }

    private static HttpResponse switchingProtocols(HandshakeRules.Accept accept) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers()
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, accept.acceptKey());
        accept.subprotocol().ifPresent(p -> response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, p));
        if (accept.deflate() != null) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, accept.deflate().responseHeader());
        }
        return response;
    }

    private static void reject(ChannelHandlerContext ctx, HandshakeRules.Reject reject) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reject.status()),
                Unpooled.copiedBuffer(reject.reason() + "\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (reject.headerName() != null) {
            response.headers().set(reject.headerName(), reject.headerValue());
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
