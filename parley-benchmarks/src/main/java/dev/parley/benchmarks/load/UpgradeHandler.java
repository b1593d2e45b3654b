package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Sends the upgrade request when the TCP connection is up, collects the response head, and hands the
 * verdict of {@link ClientHandshake} to the connection. On success it leaves the pipeline and passes on
 * the bytes that followed the head (often the server's first frame, in the same segment). Used only on
 * the channel's event loop.
 */
final class UpgradeHandler extends ChannelInboundHandlerAdapter {
    /** A response head longer than this fails the connection. */
    static final int MAX_RESPONSE_HEAD = 16 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private final ClientHandshake handshake;
    private final LoadConnection connection;
    private ByteBuf received;
    private boolean failed;

    UpgradeHandler(ClientHandshake handshake, LoadConnection connection) {
        this.handshake = handshake;
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.onTcpConnected();
        ctx.writeAndFlush(ctx.alloc().buffer(handshake.request().length).writeBytes(handshake.request()),
                ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (failed) {
            in.release();
            return;
        }
        if (received == null) {
            received = ctx.alloc().buffer(256);
        }
        try {
            received.writeBytes(in);
        } finally {
            in.release();
        }
        int end = endOfHead(received);
        if (end < 0) {
            if (received.readableBytes() > MAX_RESPONSE_HEAD) {
                fail("response head over " + MAX_RESPONSE_HEAD + " bytes");
            }
            return;
        }
        String head = received.toString(received.readerIndex(), end - received.readerIndex(),
                StandardCharsets.ISO_8859_1);
        received.readerIndex(end + END_OF_HEAD.length);
        String failure = handshake.check(head);
        if (failure != null) {
            fail(failure);
            return;
        }
        ByteBuf rest = received;
        received = null;
        connection.onUpgraded();
        // Passed on while still in the pipeline, then out of the way of every later read.
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
        ctx.pipeline().remove(this);
    }

    /** The index of the blank line that ends the head, or -1. */
    private static int endOfHead(ByteBuf buf) {
        int last = buf.writerIndex() - END_OF_HEAD.length;
        for (int i = buf.readerIndex(); i <= last; i++) {
            if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r'
                    && buf.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void fail(String reason) {
        failed = true;
        connection.abort(reason);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
