package dev.parley.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The one publisher of the push scenario: {@code POST /api/publish} with a bearer token, at a fixed rate, open
 * loop. Events fall due on a fixed schedule, each stamped with its scheduled time; a keep-alive connection
 * that is free sends what is due, one event as {@code {topic,data}} or several as an array (the publish API
 * takes both), so the request rate adapts to the server's round trip while every event keeps its own stamp:
 * a slow publish answer shows as latency of every event it held back. Everything runs on one event loop.
 * An event counts as published when its request was answered {@code 200}; the others are counted by status.
 */
final class PushPublisher {
    private final PushHttpClient client;
    private final EventLoop loop;
    private final String path;
    private final String authorization;
    private final byte[] eventTemplate;
    private final int stampOffset;
    private final int maxBatch;
    private final PushWindow window;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> connections = new ArrayList<>();
    private final LongFifo due = new LongFifo();
    private final Histogram sendLag = new Histogram(3);
    private final Map<String, Long> failures = new TreeMap<>();
    private long scheduled;
    /** The window's events the server accepted, by window number. */
    private final BitSet answered = new BitSet();
    /** Written on the loop, read by the scenario while it drains. */
    private volatile long publishedInWindow;
    private long sentInWindow;
    private long publishedTotal;
    private long requests;
    private String firstFailure;

    /**
     * @param path {@code /api/publish}; {@code token}: the bearer token, or null for none
     * @param maxBatch most events in one request
     * @param window the schedule (rate, first due time) and the measurement window
     */
    PushPublisher(PushHttpClient client, EventLoop loop, String path, String token, String topic, int payloadSize,
            int maxBatch, PushWindow window) {
        this.client = client;
        this.loop = loop;
        this.path = path;
        this.authorization = token == null ? null : "Bearer " + token;
        String head = "{\"topic\":" + json(topic) + ",\"data\":";
        this.eventTemplate = (head + PushText.template(payloadSize) + "}").getBytes(StandardCharsets.UTF_8);
        this.stampOffset = head.getBytes(StandardCharsets.UTF_8).length + 2;
        this.maxBatch = maxBatch;
        this.window = window;
    }

    /** Opens {@code count} connections; completes when all are connected, or with the first failure. */
    CompletableFuture<Void> open(int count, int firstIndex) {
        List<CompletableFuture<?>> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Connection c = new Connection();
            CompletableFuture<Void> done = new CompletableFuture<>();
            ChannelFuture f = client.connect(loop, firstIndex + i, true, () -> c);
            f.addListener(r -> {
                if (r.isSuccess()) {
                    loop.execute(() -> {
                        connections.add(c);
                        idle.add(c);
                        done.complete(null);
                    });
                } else {
                    done.completeExceptionally(new ConnectFailure(ConnectFailure.describe(r.cause())));
                }
            });
            opened.add(done);
        }
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
    }

    /** Starts the schedule; events fall due until the window's end. */
    void start() {
        loop.execute(this::tick);
    }

    private void tick() {
        long now = System.nanoTime();
        long stamp = stampOf(scheduled);
        while (stamp <= now && stamp < window.end()) {
            due.add(stamp);
            stamp = stampOf(++scheduled);
        }
        send();
        if (stamp < window.end()) {
            loop.schedule(this::tick, Math.max(0, stamp - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private long stampOf(long index) {
        return window.stampOf(index);
    }

    /** Sends what is due over the free connections. */
    private void send() {
        while (!due.isEmpty() && !idle.isEmpty()) {
            Connection c = idle.poll();
            int n = Math.min(due.size(), maxBatch);
            long[] stamps = new long[n];
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                stamps[i] = due.poll();
                if (window.inWindow(stamps[i])) {
                    sentInWindow++;
                    sendLag.recordValue(Math.max(0, now - stamps[i]));
                }
            }
            c.post(stamps);
        }
    }

    private ByteBuf body(Channel channel, long[] stamps) {
        int n = stamps.length;
        ByteBuf body = channel.alloc().buffer(n == 1 ? eventTemplate.length : (eventTemplate.length + 1) * n + 1);
        if (n > 1) {
            body.writeByte('[');
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                body.writeByte(',');
            }
            int at = body.writerIndex();
            body.writeBytes(eventTemplate);
            StampedPayload.writeStamp(body, at + stampOffset, stamps[i]);
        }
        if (n > 1) {
            body.writeByte(']');
        }
        return body;
    }

    /** The window's events the server accepted (answered 200), by window number; read on the loop. */
    CompletableFuture<BitSet> published() {
        CompletableFuture<BitSet> answer = new CompletableFuture<>();
        loop.execute(() -> answer.complete((BitSet) answered.clone()));
        return answer;
    }

    /** The window's events answered 200 so far. */
    long publishedInWindow() {
        return publishedInWindow;
    }

    /** Whether every event that fell due was sent and answered; checked by the scenario on its thread. */
    CompletableFuture<Boolean> idleNow() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        loop.execute(() -> answer.complete(due.isEmpty() && idle.size() == connections.size()));
        return answer;
    }

    /** The publisher's figures (read on its loop): the window's events answered 200 are {@code publishedInWindow}. */
    CompletableFuture<Map<String, Object>> figures(Report report) {
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        loop.execute(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connections", connections.size());
            m.put("dueInWindow", window.events());
            m.put("sentInWindow", sentInWindow);
            m.put("publishedInWindow", publishedInWindow);
            m.put("publishedTotal", publishedTotal);
            m.put("requests", requests);
            m.put("meanEventsPerRequest", requests > 0 ? CpuMeter.round((double) publishedTotal / requests, 2) : 0.0);
            m.put("failedEvents", new TreeMap<>(failures));
            m.put("inFlight", connections.size() - idle.size());
            m.put("stillDue", due.size());
            m.put("sendLag", HistogramSummary.micros(sendLag));
            if (firstFailure != null) {
                report.warn("publishing failed: " + firstFailure);
            }
            if (publishedInWindow < window.events()) {
                report.warn("the publisher fell behind: of the window's " + window.events() + " events, "
                        + (window.events() - sentInWindow) + " were never sent and "
                        + (sentInWindow - publishedInWindow) + " not answered 200 by the end of the drain; "
                        + "only the answered ones are expected (the server, or the machine, did not keep up)");
            }
            if (sendLag.getTotalCount() > 0 && sendLag.getValueAtPercentile(99) > 1_000_000) {
                report.warn("the publisher sent late (send lag p99 " + sendLag.getValueAtPercentile(99) / 1000
                        + " us, its requests waiting for the previous answers): the latencies include it");
            }
            answer.complete(m);
        });
        return answer;
    }

    void close() {
        loop.execute(() -> connections.forEach(c -> c.channel.close()));
    }

    private static String json(String value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One keep-alive connection with at most one request in flight. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Channel channel;
        private long[] inFlight;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void post(long[] stamps) {
            inFlight = stamps;
            ByteBuf body = body(channel, stamps);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
            request.headers().set(HttpHeaderNames.HOST, client.target().hostHeader())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (authorization != null) {
                request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
            }
            channel.writeAndFlush(request);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long[] stamps = inFlight;
            inFlight = null;
            if (stamps == null) {
                return;
            }
            requests++;
            if (response.status().equals(HttpResponseStatus.OK)) {
                publishedTotal += stamps.length;
                for (long s : stamps) {
                    int index = window.indexOf(s);
                    if (index >= 0) {
                        answered.set(index);
                        publishedInWindow++;
                    }
                }
            } else {
                failures.merge("HTTP " + response.status().code(), (long) stamps.length, Long::sum);
                if (firstFailure == null) {
                    firstFailure = "HTTP " + response.status().code() + " "
                            + response.content().toString(StandardCharsets.UTF_8);
                }
            }
            idle.add(this);
            send();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (inFlight != null) {
                failures.merge("connection closed", (long) inFlight.length, Long::sum);
                inFlight = null;
            }
            idle.remove(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (firstFailure == null) {
                firstFailure = ConnectFailure.describe(cause);
            }
            ctx.close();
        }
    }
}
