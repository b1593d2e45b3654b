package dev.parley.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Plain HTTP/1.1 connections of the push scenario (SSE streams, long polls, the publisher), on the load
 * client's event loops, bound round robin to its loopback source addresses like its WebSocket connections.
 * Each connection's pipeline is Netty's {@link HttpClientCodec}, optionally an aggregator, then the given
 * handler. Thread-safe.
 */
final class PushHttpClient {
    /** Largest aggregated response: a long poll's batch of events. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;

    private final Bootstrap bootstrap;
    private final Target target;
    private final SourceAddresses sources;
    private final long connectTimeoutMillis;

    PushHttpClient(LoadClient client, Target target) {
        ClientConfig config = client.config();
        this.target = target;
        this.sources = SourceAddresses.loopback(config.sourceAddresses(), target);
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.bootstrap = new Bootstrap()
                .channel(client.transport().channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis);
        if (sources.count() > 0) {
            client.transport().bindLate(bootstrap);
        }
    }

    Target target() {
        return target;
    }

    long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /**
     * Connection number {@code index} on {@code group} (the client's, or one event loop), its pipeline ending
     * in the handler {@code handler} gives; {@code aggregate}: whole responses (polling, publishing) rather
     * than a stream of parts (SSE).
     */
    ChannelFuture connect(EventLoopGroup group, int index, boolean aggregate, Supplier<ChannelHandler> handler) {
        Bootstrap b = bootstrap.clone().group(group).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec());
                if (aggregate) {
                    ch.pipeline().addLast(new HttpObjectAggregator(MAX_RESPONSE_BYTES));
                }
                ch.pipeline().addLast(handler.get());
            }
        });
        InetSocketAddress local = sources.forConnection(index);
        return local == null ? b.connect(target.address()) : b.connect(target.address(), local);
    }

    /** A GET of {@code pathAndQuery} on this server. */
    FullHttpRequest get(String pathAndQuery) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pathAndQuery);
        request.headers().set(HttpHeaderNames.HOST, target.hostHeader());
        return request;
    }

    /** Closes {@code channel} if it is not ready {@code connectTimeoutMillis} after now. */
    void timeout(Channel channel, CompletableFuture<?> ready) {
        channel.eventLoop().schedule(() -> {
            if (!ready.isDone()) {
                ready.completeExceptionally(new ConnectFailure("not ready after " + connectTimeoutMillis + " ms"));
                channel.close();
            }
        }, connectTimeoutMillis, TimeUnit.MILLISECONDS);
    }
}
