package dev.parley.server.internal;

import dev.parley.server.ServerConfig;
import dev.parley.server.internal.tls.ServerTls;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline of a new connection: TLS when configured, HTTP/1.1 codec, the request reader (body limits and head checks), the first-request
 * timeout, the keep-alive idle timeout, and the router. A WebSocket upgrade replaces all but the codec's
 * socket end (see {@code WebSocketUpgrade}).
 */
public final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** The HTTP codec's name in the pipeline. */
    static final String CODEC = "http";
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 16384;
    /**
     * Requests the codec may have decoded and not yet seen answered. The router stops reading at 16 waiting
     * requests, but Netty decodes every request of a socket read at once (up to 64 KiB: about 3,600 of the
     * smallest possible requests); its default of 128 reset connections that pipelined more. What is held is
     * bounded by the router's pause, not by this.
     */
    private static final int MAX_DECODED_AHEAD = 65_536;

    private final ServerConfig config;
    private final ChannelGroup allChannels;
    private final Supplier<HttpRouter> routers;
    private final HttpFront front;
    private final AcceptGuard acceptGuard;
    private final ServerTls tls;

    /** {@code tls} is null for plain HTTP. */
    public HttpChannelInitializer(ServerConfig config, ChannelGroup allChannels, Supplier<HttpRouter> routers,
            HttpFront front, AcceptGuard acceptGuard, ServerTls tls) {
        this.acceptGuard = acceptGuard;
        this.tls = tls;
        this.config = config;
        this.allChannels = allChannels;
        this.routers = routers;
        this.front = front;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (acceptGuard.refusing()) {
            acceptGuard.refuse(ch); // out of file descriptors: this one only made room to say so
            return;
        }
        allChannels.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // The certificate current now, for this connection's life; the handshake has the same deadline as the
            // first request (and the request timeout below covers it too).
            p.addLast("tls", tls.newHandler(ch.alloc(), config.handshakeTimeout()));
        }
        p.addLast(CODEC, new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(8192), MAX_DECODED_AHEAD));
        ReadPauses pauses = new ReadPauses(ch);
        HttpRouter router = routers.get();
        router.pauses(pauses);
        p.addLast("reader", new RequestReader(front, router, pauses));
        p.addLast("request-timeout", new RequestTimeoutHandler(config.handshakeTimeout()));
        p.addLast("http-idle", new IdleStateHandler(0, 0, config.httpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS) {
            @Override
            protected void channelIdle(io.netty.channel.ChannelHandlerContext ctx, IdleStateEvent evt) {
                if (router.idle()) {
                    ctx.close(); // an idle keep-alive connection
                } // else a request is being served: a long poll, say, which is not idleness
            }
        });
        p.addLast("router", router);
    }
}
