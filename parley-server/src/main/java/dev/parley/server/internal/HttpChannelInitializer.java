package dev.parley.server.internal;

import dev.parley.server.ServerConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline of a new connection: HTTP/1.1 codec, aggregation up to the body limit, the first-request
 * timeout, the keep-alive idle timeout, and the router. A WebSocket upgrade replaces all but the codec's
 * socket end (see {@code WebSocketUpgrade}).
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;

    private final ServerConfig config;
    private final ChannelGroup allChannels;
    private final Supplier<HttpRouter> routers;
    private final List<HttpRoute> routes;

    public HttpChannelInitializer(ServerConfig config, ChannelGroup allChannels, Supplier<HttpRouter> routers,
            List<HttpRoute> routes) {
        this.config = config;
        this.allChannels = allChannels;
        this.routers = routers;
        this.routes = routes;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        allChannels.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192));
        p.addLast("aggregator", new RouteAwareAggregator(config.maxRequestBodySize(), routes));
        p.addLast("request-timeout", new RequestTimeoutHandler(config.handshakeTimeout()));
        p.addLast("http-idle", new IdleStateHandler(0, 0, config.httpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS) {
            @Override
            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                ctx.close(); // an idle keep-alive connection
            }
        });
        p.addLast("router", routers.get());
    }
}
