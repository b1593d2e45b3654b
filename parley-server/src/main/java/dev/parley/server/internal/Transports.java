package dev.parley.server.internal;

import dev.parley.server.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport the server runs on: the one asked for, or for {@link Transport#AUTO} the first that
 * loads of epoll, io_uring and NIO. A native library is only loaded when its transport is tried.
 */
public record Transports(Transport transport, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);
    /** AUTO's order of preference (docs/operations.md#transports says why epoll comes first). */
    static final List<Transport> AUTO_ORDER = List.of(Transport.EPOLL, Transport.IO_URING, Transport.NIO);

    /** The transport {@code requested}; fails with the reason when an explicit one does not load here. */
    public static Transports select(Transport requested) {
        return select(requested, Transports::unavailability);
    }

    /**
     * {@link #select(Transport)} with {@code unavailability} telling why a transport does not load (null when
     * it does), so that the choice can be tested where every transport loads.
     */
    static Transports select(Transport requested, Function<Transport, Throwable> unavailability) {
        if (requested != Transport.AUTO) {
            Throwable cause = unavailability.apply(requested);
            if (cause != null) {
                throw new IllegalStateException("The " + requested.wireName() + " transport is not available here ("
                        + cause + "); choose another one or auto", cause);
            }
            return of(requested);
        }
        for (Transport candidate : AUTO_ORDER) {
            Throwable cause = unavailability.apply(candidate);
            if (cause == null) {
                return of(candidate);
            }
            if (candidate == Transport.EPOLL && isLinux()) {
                // On Linux a fallback costs throughput and SO_REUSEPORT balance: say why.
                LOG.warn("Native epoll transport unavailable, trying the next one: {}", cause.toString());
            }
        }
        throw new IllegalStateException("No transport available");
    }

    /** The transports that load here (NIO always), in AUTO's order; loads their native libraries. */
    public static List<Transport> loadable() {
        return AUTO_ORDER.stream().filter(t -> unavailability(t) == null).toList();
    }

    /** Why {@code transport} does not load here, or null when it does. */
    public static Throwable unavailability(Transport transport) {
        return switch (transport) {
            case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
            case NIO -> null;
            case AUTO -> throw new IllegalArgumentException("AUTO is a choice, not a transport");
        };
    }

    private static Transports of(Transport transport) {
        return switch (transport) {
            case EPOLL -> new Transports(transport, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            case IO_URING -> new Transports(transport, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            case NIO -> new Transports(transport, NioIoHandler.newFactory(), NioServerSocketChannel.class);
            case AUTO -> throw new IllegalArgumentException("AUTO is a choice, not a transport");
        };
    }

    /** The transport's name in logs and on the command line: {@code epoll}, {@code io_uring}, {@code nio}. */
    public String name() {
        return transport.wireName();
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * Binds the listening socket with {@code SO_REUSEPORT}: several processes may then listen on one port
     * and the kernel spreads new connections among them.
     */
    public void reusePort(ServerBootstrap bootstrap) {
        switch (transport) {
            case EPOLL -> bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            case IO_URING -> bootstrap.option(IoUringChannelOption.SO_REUSEPORT, true);
            default -> bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
    }

    /** Fails when this transport cannot set {@code SO_REUSEPORT} here (Netty would only log and bind without). */
    public void requireReusePort() {
        if (transport == Transport.EPOLL || transport == Transport.IO_URING) {
            return; // Linux, which has it
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            if (!probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new IllegalStateException("SO_REUSEPORT is not supported by this platform's sockets");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot check SO_REUSEPORT support", e);
        }
    }

    /** An event loop group of {@code threads} threads (0: Netty's default, twice the cores). */
    public EventLoopGroup newGroup(String poolName, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(poolName, true), ioHandlerFactory);
    }
}
