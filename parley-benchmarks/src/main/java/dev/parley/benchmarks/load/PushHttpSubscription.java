package dev.parley.benchmarks.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP subscribers of the push scenario (SSE, long polling) share: the subscriber they feed, a
 * future completed when subscribed and one when the connection ended (with the reason). Used on the
 * channel's event loop; the futures from any thread.
 */
abstract class PushHttpSubscription extends ChannelInboundHandlerAdapter {
    final PushHttpClient client;
    final String topicPath;
    final int payloadSize;
    final PushSubscriber subscriber;
    final CompletableFuture<PushHttpSubscription> ready = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    volatile Channel channel;
    /** Set when the run is over: what the server does next is not counted, and the connection closes. */
    volatile boolean stopping;

    PushHttpSubscription(PushHttpClient client, String topicPath, int payloadSize, PushSubscriber subscriber) {
        this.client = client;
        this.topicPath = topicPath;
        this.payloadSize = payloadSize;
        this.subscriber = subscriber;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        client.timeout(channel, ready);
        start(ctx);
    }

    /** The connection is open: send the first request. */
    abstract void start(ChannelHandlerContext ctx);

    /** Subscribed: events may flow. */
    void subscribed() {
        subscriber.ready();
        ready.complete(this);
    }

    /** Gives up on the connection for {@code reason}: a failure before ready, a close after. */
    void abort(ChannelHandlerContext ctx, String reason) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new ConnectFailure(reason));
        }
        closed.complete(reason);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        String reason = stopping ? "closed by the client" : "closed by the server";
        if (!ready.isDone()) {
            ready.completeExceptionally(new ConnectFailure("closed before subscribing"));
        }
        if (!stopping && ready.isDone()) {
            subscriber.closed();
        }
        closed.complete(reason);
        released();
    }

    /** The connection ended: free what the subscription holds. */
    void released() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abort(ctx, ConnectFailure.describe(cause));
    }

    /** Ends the subscription: the connection is closed, and nothing after counts. */
    CompletableFuture<String> stop() {
        stopping = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        } else {
            closed.complete("never connected");
        }
        return closed;
    }
}
