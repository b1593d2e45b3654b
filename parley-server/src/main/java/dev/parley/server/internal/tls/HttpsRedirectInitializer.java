package dev.parley.server.internal.tls;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of the plain-HTTP redirect port: a codec with small bounds (8 KiB request line and headers),
 * the handshake timeout (a connection still open that long after it was accepted is closed), and {@link HttpsRedirect}.
 */
public final class HttpsRedirectInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_HEADER_SIZE = 8192;

    private final ChannelGroup allChannels;
    private final Duration handshakeTimeout;
    private final int httpsPort;

    public HttpsRedirectInitializer(ChannelGroup allChannels, Duration handshakeTimeout, int httpsPort) {
        this.allChannels = allChannels;
        this.handshakeTimeout = handshakeTimeout;
        this.httpsPort = httpsPort;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        allChannels.add(ch);
        if (!handshakeTimeout.isZero()) {
            // One deadline for the whole exchange, so that trickled headers do not keep the socket either.
            Future<?> deadline = ch.eventLoop().schedule(() -> ch.close(), handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            ch.closeFuture().addListener(closed -> deadline.cancel(false));
        }
        ch.pipeline().addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE).setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(8192)));
        ch.pipeline().addLast("redirect", new HttpsRedirect(httpsPort));
    }
}
