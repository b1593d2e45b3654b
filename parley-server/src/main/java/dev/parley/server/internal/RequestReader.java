package dev.parley.server.internal;

import dev.parley.engineio.EngineIoServer;
import dev.parley.server.HttpErrorBody;
import dev.parley.server.HttpHeadCheck;
import dev.parley.server.HttpRequestHead;
import dev.parley.server.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads requests for the router: decides each request's body limit and runs its route's head check from
 * the head alone, before any byte of the body is read, then aggregates the body up to that limit.
 *
 * <ul>
 *   <li>Limits: an application route's own; an Engine.IO path's {@code maxHttpBufferSize} (an over-limit
 *       POST also ends its session, as in the reference server); everything else (WebSocket endpoints,
 *       static files, unknown paths) the server's {@code maxRequestBodySize}.</li>
 *   <li>A declared {@code Content-Length} over the limit is refused at the head; a chunked body as soon as
 *       the bytes received pass it. Nothing over the limit is ever buffered.</li>
 *   <li>{@code 100 Continue} goes out only once the request is accepted (limit and head check passed) and
 *       nothing is waiting before it on the connection (an interim answer must not overtake the answer to an
 *       earlier request; the client then sends its body after its own wait, RFC 9110 §10.1.1).</li>
 *   <li>A refusal is a {@link RefusedRequest} answered in order by the router; a body still to come is
 *       discarded as it arrives, and the connection closes after the answer.</li>
 * </ul>
 * One per connection; used only on its event loop.
 */
final class RequestReader extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestReader.class);

    private enum State { HEAD, CHECKING, BODY, DISCARDING }

    private final HttpFront front;
    private final HttpRouter router;
    private final ReadPauses pauses;
    private State state = State.HEAD;
    private HttpRequest head;
    private long limit;
    private Runnable onTooLarge;
    /** The current request's route's wording of refusals; TEXT outside application routes. */
    private HttpErrorBody errors = HttpErrorBody.TEXT;
    private CompositeByteBuf body;
    /**
     * What the codec decoded while the head check runs (the body's start, pipelined requests): at most what
     * the socket read before reading paused. Replayed in order after the verdict.
     */
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private RefusedRequest discarding;

    RequestReader(HttpFront front, HttpRouter router, ReadPauses pauses) {
        this.front = front;
        this.router = router;
        this.pauses = pauses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CHECKING) {
            early.add(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            onHead(ctx, request);
        }
        if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (state != State.HEAD) {
            return; // after a refusal that closes the connection: nothing more is served
        }
        head = request;
        if (request.decoderResult().isFailure()) {
            // The router answers 400 with the decoder's reason and closes; the decoder discards the rest.
            FullHttpRequest failed = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                    request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
            failed.setDecoderResult(request.decoderResult());
            ctx.fireChannelRead(failed);
            state = State.DISCARDING;
            return;
        }
        HttpFront.Target target;
        try {
            target = front.target(request.uri());
        } catch (IllegalArgumentException e) {
            refuse(ctx, () -> HttpResponses.text(HttpResponseStatus.BAD_REQUEST,
                    "Malformed request target: " + e.getMessage()));
            return;
        }
        limit = target.maxBodySize();
        onTooLarge = tooLargeHook(target.engine(), request);
        errors = target.route() == null ? HttpErrorBody.TEXT : target.route().errors();
        long declared;
        try {
            declared = HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException e) {
            refuse(ctx, worded(HttpResponseStatus.BAD_REQUEST, "Invalid Content-Length"));
            return;
        }
        if (declared > limit) {
            tooLarge(ctx);
            return;
        }
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        if (expect != null && !HttpUtil.is100ContinueExpected(request)) {
            refuse(ctx, worded(HttpResponseStatus.EXPECTATION_FAILED, "Only 100-continue is supported"));
            return;
        }
        if (target.route() != null && target.route().check() != HttpHeadCheck.ACCEPT_ALL) {
            runCheck(ctx, target);
            return;
        }
        accept(ctx);
    }

    /** An over-limit POST to an Engine.IO session ends it, whatever its size (engine.io 6's rule). */
    private static Runnable tooLargeHook(EngineIoServer engine, HttpRequest request) {
        if (engine == null || !HttpMethod.POST.equals(request.method())) {
            return null;
        }
        return new QueryStringDecoder(request.uri()).parameters().getOrDefault("sid", java.util.List.of()).stream()
                .findFirst().<Runnable>map(sid -> () -> engine.payloadTooLarge(sid)).orElse(null);
    }

    private void runCheck(ChannelHandlerContext ctx, HttpFront.Target target) {
        state = State.CHECKING;
        pauses.pause(ReadPauses.HEAD_CHECK);
        HttpRequestHead requestHead = front.head(ctx, head);
        HttpHeadCheck check = target.route().check();
        try {
            front.blockingExecutor().execute(() -> {
                Optional<HttpResponse> refusal;
                try {
                    refusal = check.check(requestHead);
                } catch (Exception e) {
                    LOG.warn("Head check of {} failed on {} {}", target.route().prefix(), requestHead.method(),
                            requestHead.path(), e);
                    refusal = Optional.of(target.route().errors().error(500, "Internal error"));
                }
                Optional<HttpResponse> verdict = refusal;
                ctx.executor().execute(() -> checked(ctx, verdict));
            });
        } catch (RejectedExecutionException e) {
            ctx.close(); // the server is stopping
        }
    }

    private void checked(ChannelHandlerContext ctx, Optional<HttpResponse> refusal) {
        if (state != State.CHECKING) {
            return; // the connection closed meanwhile
        }
        pauses.resume(ReadPauses.HEAD_CHECK);
        if (refusal.isPresent()) {
            HttpResponse response = refusal.get();
            refuse(ctx, () -> HttpRouter.toNetty(response));
        } else {
            accept(ctx);
        }
        Object next;
        while (state != State.CHECKING && (next = early.poll()) != null) {
            channelRead(ctx, next);
        }
    }

    private void accept(ChannelHandlerContext ctx) {
        state = State.BODY;
        body = null;
        if (HttpUtil.is100ContinueExpected(head) && router.idle()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        switch (state) {
            case CHECKING -> early.add(content); // not reached: channelRead queues everything meanwhile
            case BODY -> append(ctx, content);
            case DISCARDING -> {
                boolean last = content instanceof LastHttpContent;
                content.release();
                if (last) {
                    endDiscarding(ctx);
                }
            }
            case HEAD -> content.release(); // nothing expected: the decoder never sends this
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ByteBuf bytes = content.content();
        long size = (body == null ? 0 : body.readableBytes()) + (long) bytes.readableBytes();
        if (size > limit) {
            content.release();
            releaseBody();
            tooLarge(ctx);
            if (last) {
                endDiscarding(ctx);
            }
            return;
        }
        if (bytes.isReadable()) {
            if (body == null) {
                body = ctx.alloc().compositeBuffer(1024);
            }
            body.addComponent(true, bytes.retain());
        }
        if (last) {
            FullHttpRequest full = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                    body == null ? Unpooled.EMPTY_BUFFER : body, head.headers(),
                    ((LastHttpContent) content).trailingHeaders().copy());
            content.release();
            body = null;
            if (HttpUtil.isTransferEncodingChunked(full)) {
                HttpUtil.setTransferEncodingChunked(full, false);
            }
            full.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
            state = State.HEAD;
            head = null;
            ctx.fireChannelRead(full);
        } else {
            content.release();
        }
    }

    private void tooLarge(ChannelHandlerContext ctx) {
        if (onTooLarge != null) {
            onTooLarge.run();
        }
        refuse(ctx, worded(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request body over " + limit + " bytes"));
    }

    /** A refusal of the current request in its route's words. */
    private java.util.function.Supplier<FullHttpResponse> worded(HttpResponseStatus status, String reason) {
        HttpErrorBody wording = errors;
        return () -> HttpRouter.toNetty(wording.error(status.code(), reason));
    }

    /** Sends the refusal through the router, in order; a body still to come is discarded, not read into memory. */
    private void refuse(ChannelHandlerContext ctx, java.util.function.Supplier<FullHttpResponse> response) {
        boolean bodyPending = state == State.BODY || HttpUtil.isTransferEncodingChunked(head)
                || declaredLength(head) != 0;
        RefusedRequest refused = new RefusedRequest(head, bodyPending, response);
        head = null;
        if (bodyPending) {
            state = State.DISCARDING;
            discarding = refused;
        } else {
            state = State.HEAD;
        }
        ctx.fireChannelRead(refused);
    }

    /** The declared length; -1 (a body of unknown length follows) when it cannot be parsed. */
    private static long declaredLength(HttpRequest request) {
        try {
            return HttpUtil.getContentLength(request, 0L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void endDiscarding(ChannelHandlerContext ctx) {
        if (discarding != null) {
            discarding.bodyEnded(true);
            if (discarding.answered()) {
                ctx.close();
            }
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
        Object queued;
        while ((queued = early.poll()) != null) {
            ReferenceCountUtil.release(queued);
        }
        state = State.DISCARDING;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handlerRemoved(ctx);
        ctx.fireChannelInactive();
    }
}
