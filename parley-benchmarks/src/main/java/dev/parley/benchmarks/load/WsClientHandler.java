package dev.parley.benchmarks.load;

import dev.parley.websocket.WebSocketProtocolException;
import dev.parley.websocket.internal.FrameReader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The thin Netty adapter of a client WebSocket: feeds received bytes to {@link FrameReader} and
 * {@link MessageAssembler}, flushes what the replies wrote once per read, and reports the end of the
 * channel to the connection. Used only on the channel's event loop.
 */
final class WsClientHandler extends ChannelInboundHandlerAdapter {
    private final LoadConnection connection;
    private final long maxMessageSize;
    private FrameReader reader;
    private MessageAssembler assembler;

    WsClientHandler(LoadConnection connection, long maxMessageSize) {
        this.connection = connection;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        assembler = new MessageAssembler(connection, ctx.alloc(), maxMessageSize);
        reader = new FrameReader(assembler);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            reader.read(in);
        } catch (WebSocketProtocolException e) {
            reader.stop();
            connection.protocolError(e);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Replies written while reading go out in one flush, one syscall per read rather than per reply.
        connection.flushIfPending();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        assembler.release();
        connection.onInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.ioError(cause);
    }
}
