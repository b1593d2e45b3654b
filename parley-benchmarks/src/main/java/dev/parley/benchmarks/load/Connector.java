package dev.parley.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Opens client connections: TCP from the next source address, the upgrade, then the protocol's
 * handshake. Thread-safe: connections may be started from any thread.
 */
final class Connector {
    private static final AttributeKey<LoadConnection> CONNECTION = AttributeKey.valueOf("parley.load.connection");

    private final Bootstrap bootstrap;
    private final ClientConfig config;
    private final SourceAddresses sources;
    private final ProtocolSession.Factory sessions;
    private final ConnectionStats stats;

    Connector(EventLoopGroup group, ClientTransport transport, ClientConfig config, ProtocolSession.Factory sessions,
            ConnectionStats stats) {
        this.config = config;
        this.sessions = sessions;
        this.stats = stats;
        this.sources = SourceAddresses.loopback(config.sourceAddresses(), config.target());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        LoadConnection connection = ch.attr(CONNECTION).get();
                        connection.bind(ch);
                        byte[] nonce = new byte[ClientHandshake.NONCE_LENGTH];
                        ThreadLocalRandom.current().nextBytes(nonce);
                        ch.pipeline().addLast(new UpgradeHandler(new ClientHandshake(config.target(), nonce), connection),
                                new WsClientHandler(connection, config.maxMessageSize()));
                    }
                });
        if (sources.count() > 0) {
            transport.bindLate(bootstrap);
        }
    }

    /** Source addresses in use: 0 when the target is not on loopback. */
    int sourceAddressCount() {
        return sources.count();
    }

    /** Starts connection number {@code index}; watch its {@link LoadConnection#ready()}. */
    LoadConnection connect(int index) {
        return connect(index, sessions);
    }

    /**
     * Starts connection number {@code index} speaking its own protocol session (a broadcast's publisher
     * among subscribers); watch its {@link LoadConnection#ready()}.
     */
    LoadConnection connect(int index, ProtocolSession.Factory sessions) {
        LoadConnection connection = new LoadConnection(sessions, stats, config.closeTimeout().toNanos());
        Bootstrap b = bootstrap.clone().attr(CONNECTION, connection);
        InetSocketAddress local = sources.forConnection(index);
        ChannelFuture connected = local == null ? b.connect(config.target().address())
                : b.connect(config.target().address(), local);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                connection.connectFailed(f.cause());
            }
        });
        long timeoutMillis = config.connectTimeout().toMillis();
        ScheduledFuture<?> timeout = connected.channel().eventLoop().schedule(
                () -> connection.handshakeTimedOut(timeoutMillis), timeoutMillis, TimeUnit.MILLISECONDS);
        connection.ready().whenComplete((c, failure) -> timeout.cancel(false));
        return connection;
    }
}
