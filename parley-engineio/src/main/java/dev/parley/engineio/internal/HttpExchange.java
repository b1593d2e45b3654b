package dev.parley.engineio.internal;

import dev.parley.engineio.EngineIoConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One HTTP request to Engine.IO awaiting its answer, possibly for a while (a long poll). Keeps only what
 * the answer needs, so the request itself can be released at once. The answer is written on the
 * channel's event loop whatever thread calls {@link #respond}; then {@code done} lets the connection's
 * next pipelined request through.
 */
final class HttpExchange {
    private final ChannelHandlerContext ctx;
    private final EngineIoConfig config;
    private final boolean keepAlive;
    private final String origin;
    private final String acceptEncoding;
    private final Runnable done;
    private boolean answered;

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, EngineIoConfig config, Runnable done) {
        this.ctx = ctx;
        this.config = config;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.origin = request.headers().get(HttpHeaderNames.ORIGIN);
        this.acceptEncoding = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
        this.done = done;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    boolean isConnectionOpen() {
        return ctx.channel().isActive();
    }

    /**
     * Runs {@code task} on this connection's event loop after one more round of reads, so that what the
     * client sent before it (its close, say) is known: scheduled from a task of the loop, with no delay, it is
     * taken only when the loop starts its next round of tasks, after reading.
     */
    void afterPendingReads(Runnable task) {
        ctx.executor().execute(() -> ctx.executor().schedule(task, 0, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    void respondText(String body) {
        respondText(body, true);
    }

    /** {@code compressible}: may be gzip/deflate-compressed if big enough and the client accepts it. */
    void respondText(String body, boolean compressible) {
        respond(HttpResponseStatus.OK, "text/plain; charset=UTF-8", body, null, compressible);
    }

    void respondOk() {
        respond(HttpResponseStatus.OK, "text/html", "ok", null, false);
    }

    void respondError(EngineError error) {
        respond(HttpResponseStatus.valueOf(error.httpStatus()), "application/json", error.json(), null, false);
    }

    /**
     * Always a task of its own, even on the event loop: callers may hold a session's lock, and writing (then
     * routing the connection's next pipelined request, which may lock another session) inline could
     * deadlock two event loops.
     */
    void respond(HttpResponseStatus status, String contentType, String body, String setCookie, boolean compressible) {
        ctx.executor().execute(() -> write(status, contentType, body, setCookie, compressible));
    }

    /** Serves a fixed file, or 304 if the client's copy is current. */
    void respondResource(StaticResource resource, String ifNoneMatch) {
        ctx.executor().execute(() -> {
            boolean notModified = resource.etag().equals(ifNoneMatch);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                    notModified ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(resource.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, resource.contentType());
            response.headers().set(HttpHeaderNames.ETAG, resource.etag());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=86400");
            addCors(response.headers());
            finish(response);
        });
    }

    /** Answers a CORS preflight. */
    void respondPreflight(String requestedHeaders) {
        ctx.executor().execute(() -> {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            addCors(response.headers());
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,HEAD,POST,OPTIONS");
            if (requestedHeaders != null) {
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
            }
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
            finish(response);
        });
    }

    private void write(HttpResponseStatus status, String contentType, String body, String setCookie,
            boolean compressible) {
        if (answered) {
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String encoding = compressible ? chooseEncoding(bytes.length) : null;
        if (encoding != null) {
            bytes = compress(bytes, encoding);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (encoding != null) {
            headers.set(HttpHeaderNames.CONTENT_ENCODING, encoding);
        }
        if (setCookie != null) {
            headers.set(HttpHeaderNames.SET_COOKIE, setCookie);
        }
        addCors(headers);
        finish(response);
    }

    private void finish(FullHttpResponse response) {
        if (answered) {
            response.release();
            return;
        }
        answered = true;
        ByteBuf content = response.content();
        HttpUtil.setContentLength(response, content.readableBytes());
        // Say it either way: a client that sent "Connection: close" may still try to reuse the socket.
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        done.run();
    }

    private void addCors(HttpHeaders headers) {
        if (origin == null || config.corsOrigins().isEmpty()) {
            return;
        }
        boolean any = config.corsOrigins().contains("*");
        if (!any && !config.corsOrigins().contains(origin)) {
            return;
        }
        // Echo the origin rather than "*": browsers refuse "*" with credentials, and Vary keeps caches honest.
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        if (config.corsCredentials()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private String chooseEncoding(int length) {
        int threshold = config.httpCompressionThreshold();
        if (threshold == 0 || length < threshold || acceptEncoding == null) {
            return null;
        }
        String accepted = acceptEncoding.toLowerCase(java.util.Locale.ROOT);
        if (accepted.contains("gzip")) {
            return "gzip";
        }
        return accepted.contains("deflate") ? "deflate" : null;
    }

    private static byte[] compress(byte[] data, String encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (OutputStream z = "gzip".equals(encoding) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory compression failed", e);
        }
        return out.toByteArray();
    }
}
