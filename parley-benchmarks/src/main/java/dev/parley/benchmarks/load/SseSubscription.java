package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * A push subscriber over Server-Sent Events: {@code GET <path>?topic=T} with {@code Accept: text/event-stream};
 * subscribed at a {@code 200} whose type is {@code text/event-stream}; then each event of the stream is a
 * delivery (its {@code id:} the event id, its data the published data, bare or in an envelope: the data string
 * is found either way), an event of type {@code gap} a gap notice. The end of the body is the server closing.
 */
final class SseSubscription extends PushHttpSubscription implements SseParser.Listener {
    private final SseParser parser = new SseParser(this);

    /** @param topicPath path and query, {@code /sse?topic=bench} */
    SseSubscription(PushHttpClient client, String topicPath, int payloadSize, PushSubscriber subscriber) {
        super(client, topicPath, payloadSize, subscriber);
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        FullHttpRequest request = client.get(topicPath);
        request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
        ctx.writeAndFlush(request);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
                if (!response.status().equals(HttpResponseStatus.OK) || !type.startsWith("text/event-stream")) {
                    abort(ctx, "SSE answered " + response.status().code() + " " + type);
                    return;
                }
                subscribed();
            }
            if (msg instanceof HttpContent content && !stopping) {
                parser.feed(content.content());
                if (msg instanceof LastHttpContent) {
                    abort(ctx, "the server ended the event stream");
                }
            }
        } catch (IllegalStateException e) {
            abort(ctx, e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onEvent(long lastEventId, boolean gap, ByteBuf data) {
        if (gap) {
            subscriber.onGap();
            return;
        }
        int stamp = PushText.find(data, payloadSize);
        if (stamp < 0) {
            subscriber.onMalformed();
        } else {
            subscriber.onEvent(lastEventId, PushText.stampAt(data, stamp), System.nanoTime());
        }
    }

    @Override
    void released() {
        parser.release();
    }
}
