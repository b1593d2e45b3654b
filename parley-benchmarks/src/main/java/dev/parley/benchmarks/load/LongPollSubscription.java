package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A push subscriber over long polling (or short polling), on one keep-alive connection: {@code GET <path>}
 * first, without {@code after} nor a wait, only to learn the topic's {@code lastId} (so it starts with live
 * events, as the others do: docs/push.md, "Polling"; events it might carry are not counted), then {@code GET <path>?after=<last id>&wait=<wait>}
 * again and again, each answer's {@code events} being deliveries ({@link PollAnswer} reads them, without a JSON
 * tree). A poll is sent as soon as the previous one is answered, so an event published meanwhile waits for that
 * round trip: the transport's cost. Short polling: {@code ?after=<last id>} without a wait, {@code interval}
 * after the previous request left.
 */
final class LongPollSubscription extends PushHttpSubscription {
    private final String wait;
    private final long intervalNanos;
    private long after;
    private boolean started;
    private long lastRequestNanos;

    /**
     * @param topicPath {@code /api/topics/bench/events}
     * @param wait the query value of a long poll, {@code 25s}; null for short polling
     * @param interval short polling: time from one request to the next; ignored for long polling
     */
    LongPollSubscription(PushHttpClient client, String topicPath, String wait, Duration interval, int payloadSize,
            PushSubscriber subscriber) {
        super(client, topicPath, payloadSize, subscriber);
        this.wait = wait;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(client.get(topicPath));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof FullHttpResponse response)) {
                return;
            }
            if (stopping) {
                ctx.close();
                return;
            }
            if (!response.status().equals(HttpResponseStatus.OK)) {
                abort(ctx, "poll answered " + response.status().code());
                return;
            }
            long now = System.nanoTime();
            try (InputStream in = new ByteBufInputStream(response.content())) {
                read(in, now);
            } catch (IOException | RuntimeException e) {
                abort(ctx, "poll answer unreadable: " + e.getMessage());
                return;
            }
            if (!started) {
                started = true;
                subscribed();
            } else {
                subscriber.onPollAnswered();
            }
            if (!HttpUtil.isKeepAlive(response)
                    || response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                abort(ctx, "the server closed the polling connection");
                return;
            }
            if (wait != null) {
                poll(ctx);
            } else {
                long delay = lastRequestNanos + intervalNanos - System.nanoTime();
                ctx.executor().schedule(() -> poll(ctx), Math.max(0, delay), TimeUnit.NANOSECONDS);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void poll(ChannelHandlerContext ctx) {
        if (stopping || !ctx.channel().isActive()) {
            return;
        }
        lastRequestNanos = System.nanoTime();
        ctx.writeAndFlush(client.get(topicPath + "?after=" + after + (wait == null ? "" : "&wait=" + wait)));
    }

    /** Reads one answer: its events (counted once the first answer is past), then its position. */
    private void read(InputStream in, long now) throws IOException {
        PollAnswer.Summary answer = PollAnswer.read(in, (id, data) -> {
            after = Math.max(after, id);
            if (started) {
                deliver(id, data, now);
            }
        });
        if (answer.gap() && started) {
            subscriber.onGap();
        }
        after = Math.max(after, answer.lastId());
    }

    private void deliver(long id, String data, long now) {
        // The published string, "@<16 hex digits><filler>", payloadSize characters.
        if (data == null || data.length() != payloadSize || data.charAt(0) != '@') {
            subscriber.onMalformed();
            return;
        }
        long stamp;
        try {
            stamp = Long.parseUnsignedLong(data, 1, 1 + StampedPayload.STAMP_LENGTH, 16);
        } catch (NumberFormatException e) {
            subscriber.onMalformed();
            return;
        }
        subscriber.onEvent(id, stamp, now);
    }
}
