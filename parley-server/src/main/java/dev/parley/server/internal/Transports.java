package dev.parley.server.internal;

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
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Linux's native epoll transport when it loads, NIO otherwise. */
public record Transports(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    public static Transports select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new Transports("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        if (preferNative && isLinux()) {
            // Netty falls back silently; on Linux that costs throughput and SO_REUSEPORT balance, so say why.
            LOG.warn("Native epoll transport unavailable, using NIO: {}", Epoll.unavailabilityCause().toString());
        }
        return new Transports("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * Binds the listening socket with {@code SO_REUSEPORT}: several processes may then listen on one port
     * and the kernel spreads new connections among them.
     */
    public void reusePort(ServerBootstrap bootstrap) {
        if (serverChannel == EpollServerSocketChannel.class) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        } else {
            bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
    }

    /** Fails when this transport cannot set {@code SO_REUSEPORT} here (Netty would only log and bind without). */
    public void requireReusePort() {
        if (serverChannel == EpollServerSocketChannel.class) {
            return; // epoll is Linux, which has it
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
