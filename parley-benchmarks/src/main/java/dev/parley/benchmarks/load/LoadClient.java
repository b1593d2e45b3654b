package dev.parley.benchmarks.load;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** The generator's shared parts for one run: the transport, the event loops, the connector, the counters. */
final class LoadClient implements AutoCloseable {
    private final ClientConfig config;
    private final ClientTransport transport;
    private final EventLoopGroup group;
    private final ConnectionStats stats = new ConnectionStats();
    private final ProtocolSession.Factory sessions;
    private final Connector connector;

    /** @param sessions what the connections speak (the connector may be given another per connection) */
    LoadClient(ClientConfig config, ProtocolSession.Factory sessions) {
        this.config = config;
        this.transport = ClientTransport.select(config.nativeTransport());
        this.group = transport.newGroup(config.threads());
        this.sessions = sessions;
        this.connector = new Connector(group, transport, config, sessions, stats);
    }

    ClientConfig config() {
        return config;
    }

    String transportName() {
        return transport.name();
    }

    Connector connector() {
        return connector;
    }

    /**
     * A connector to another server (a cluster's other node), on the same event loops and counters, with the
     * same options and sessions.
     */
    Connector connectorTo(Target target) {
        return new Connector(group, transport, config.withTarget(target), sessions, stats);
    }

    /** The event loops, for connections that are not WebSocket ones (the push scenario's HTTP clients). */
    EventLoopGroup group() {
        return group;
    }

    ClientTransport transport() {
        return transport;
    }

    ConnectionStats stats() {
        return stats;
    }

    /** Stops the event loops, closing whatever connection is still open. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
