package dev.parley.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the listening socket healthy when the process runs out of file descriptors ({@code EMFILE}).
 * Netty would stop accepting for a second, log a warning with a stack trace each time, and leave waiting
 * clients hanging in the backlog. Here: one descriptor is held in reserve; when {@code accept} fails for
 * lack of descriptors, the reserve is given up so that the waiting clients can be accepted one at a time and
 * refused at once (503, then closed), accepting pauses for {@value #PAUSE_MILLIS} ms at a time until the
 * reserve can be taken back, and a warning is logged at most once every {@value #WARN_INTERVAL_SECONDS}
 * seconds with the count since the last one. {@link FrontCounters#refusedConnections()} counts the refused.
 *
 * <p>The server channel's handler: runs on the accepting event loop; {@link #refusing()} is read by the
 * child initializer on other loops.
 */
@ChannelHandler.Sharable
public final class AcceptGuard extends ChannelInboundHandlerAdapter {
    static final long PAUSE_MILLIS = 100;
    static final long WARN_INTERVAL_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(AcceptGuard.class);
    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 18\r\nConnection: close\r\nRetry-After: 1\r\n\r\nServer overloaded\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final FrontCounters counters;
    private volatile boolean refusing;
    private volatile Channel serverChannel;
    private FileChannel reserve;
    private long lastWarning;
    private long failuresSinceWarning;
    private boolean resumeScheduled;

    public AcceptGuard(FrontCounters counters) {
        this.counters = counters;
        this.reserve = openReserve();
    }

    /** Whether new connections are refused: descriptors ran out and the reserve is not back yet. */
    public boolean refusing() {
        return refusing;
    }

    /** Refuses a connection accepted while {@link #refusing()}: 503, closed, then the next waiting client. */
    public void refuse(Channel child) {
        counters.connectionRefused();
        child.writeAndFlush(Unpooled.wrappedBuffer(UNAVAILABLE)).addListener(ChannelFutureListener.CLOSE);
        child.closeFuture().addListener(closed -> {
            Channel server = serverChannel;
            if (server != null && server.isOpen()) {
                server.eventLoop().execute(server::read); // its descriptor is free again: take the next one
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        serverChannel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!outOfDescriptors(cause)) {
            ctx.fireExceptionCaught(cause); // Netty's acceptor pauses a second and logs it
            return;
        }
        counters.acceptFailed();
        warn(cause);
        refusing = true;
        ctx.channel().config().setAutoRead(false);
        if (reserve != null) {
            closeReserve();
            ctx.channel().read(); // the freed descriptor takes one waiting client, which is refused
        }
        scheduleResume(ctx);
    }

    private void scheduleResume(ChannelHandlerContext ctx) {
        if (resumeScheduled) {
            return;
        }
        resumeScheduled = true;
        ctx.executor().schedule(() -> {
            resumeScheduled = false;
            if (!ctx.channel().isOpen()) {
                return;
            }
            reserve = openReserve();
            if (reserve == null) {
                ctx.channel().read(); // still none: keep refusing whoever waits
                scheduleResume(ctx);
                return;
            }
            refusing = false;
            LOG.info("File descriptors available again: accepting connections ({} refused so far)",
                    counters.refusedConnections());
            ctx.channel().config().setAutoRead(true);
        }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void warn(Throwable cause) {
        failuresSinceWarning++;
        long now = System.nanoTime();
        if (lastWarning != 0 && now - lastWarning < TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS)) {
            return;
        }
        LOG.warn("Out of file descriptors ({}): refusing new connections until some are free ({} failed accepts "
                + "since the last warning; raise the limit, e.g. ulimit -n)", cause.getMessage(), failuresSinceWarning);
        lastWarning = now;
        failuresSinceWarning = 0;
    }

    static boolean outOfDescriptors(Throwable cause) {
        // EMFILE (this process) and ENFILE (the system): "Too many open files [in system]".
        return cause instanceof IOException && cause.getMessage() != null
                && cause.getMessage().contains("Too many open files");
    }

    private static FileChannel openReserve() {
        try {
            return FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private void closeReserve() {
        try {
            reserve.close();
        } catch (IOException e) {
            LOG.debug("Closing the reserve descriptor failed", e);
        }
        reserve = null;
    }

    /** Gives the reserve descriptor back when the server stops. */
    public void close() {
        if (reserve != null) {
            closeReserve();
        }
    }
}
