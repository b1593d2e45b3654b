package dev.parley.adapter.redis;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every byte a node's Redis connections read from the network, first in each pipeline, before any
 * decoding: what Redis sent to this node. For tests that show what a node does not receive (sharded pub/sub
 * in dynamic mode); not used in production, where the transports are made without one.
 */
final class ReadCounter implements NettyCustomizer {
    private final LongAdder bytes;

    ReadCounter(LongAdder bytes) {
        this.bytes = bytes;
    }

    @Override
    public void afterChannelInitialized(Channel channel) {
        channel.pipeline().addFirst("parley-read-counter", new Counting());
    }

    @ChannelHandler.Sharable
    private final class Counting extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                bytes.add(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }
}
