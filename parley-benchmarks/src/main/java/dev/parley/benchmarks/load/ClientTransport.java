package dev.parley.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Linux's native epoll transport when it loads (as the server's {@code Transports}), NIO otherwise. */
record ClientTransport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> channelClass) {

    static ClientTransport select(boolean preferNative) {
        if (preferNative && Epoll.isAvailable()) {
            return new ClientTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load", true), ioHandlerFactory);
    }

    /**
     * With a bound source address, lets the kernel pick the port at connect time from the whole 4-tuple
     * (Linux {@code IP_BIND_ADDRESS_NO_PORT}) rather than at bind time from the ports free on that address.
     */
    void bindLate(Bootstrap bootstrap) {
        if (name.equals("epoll")) {
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }
}
