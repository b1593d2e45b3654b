package dev.parley.server.internal;

import dev.parley.server.HttpErrorBody;
import dev.parley.server.HttpExchange;
import dev.parley.server.HttpStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of a streaming route, from the moment its handler gets it to the end of its answer: pending
 * (the router waits, the connection is not idle), then either answered whole (the router serves the next
 * request) or streaming. A stream owns its connection: this class replaces every HTTP handler of the pipeline
 * (the codec included: it writes the chunk framing itself), so an open stream costs the channel and this
 * object; any byte the client sends then closes the connection.
 *
 * <p>The application's calls come from any thread: they claim the exchange once ({@link #claim}) and queue
 * the work to the event loop, where every state change happens ({@link #state} is used only there). The
 * slow-consumer check reads the queued and socket-buffered byte counts without the loop.
 */
public final class StreamingExchange extends ChannelInboundHandlerAdapter implements HttpExchange, HttpStream {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingExchange.class);
    /** How long a closed stream may take to send what it still buffers before its connection is cut: 10 s. */
    static final long CLOSE_LINGER_MILLIS = 10_000;

    private static final VarHandle CLAIM;
    private static final VarHandle QUEUED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLAIM = lookup.findVarHandle(StreamingExchange.class, "claim", int.class);
            QUEUED = lookup.findVarHandle(StreamingExchange.class, "queued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Who answers: nobody yet, the application (a response or a stream), or the server stopping (503). */
    private static final int UNCLAIMED = 0;
    private static final int RESPONSE = 1;
    private static final int STREAM = 2;
    private static final int SERVER = 3;

    private enum State { PENDING, STREAMING, ENDED }

    private final Channel channel;
    private final OpenExchanges registry;
    private final long maxBufferedBytes;
    private final HttpErrorBody errors;
    /** While pending: the router that waits for the answer, its context, and the request's head. */
    private HttpRouter router;
    private ChannelHandlerContext routerCtx;
    private HttpRequest head;

    private volatile int claim;
    /** Bytes written by the application and not yet handed to the channel (a task on the loop). */
    private volatile long queued;
    private volatile boolean open = true;
    /** The server is stopping: whatever answer comes is the connection's last. */
    private volatile boolean stopping;
    private State state = State.PENDING;
    private boolean chunked;
    /** Guarded by this; null once run. */
    private Runnable onClose;
    private boolean closeRan;

    StreamingExchange(Channel channel, OpenExchanges registry, HttpRoute route, HttpRouter router,
            ChannelHandlerContext routerCtx, HttpRequest head) {
        this.channel = channel;
        this.registry = registry;
        this.maxBufferedBytes = route.maxBufferedBytes();
        this.errors = route.errors();
        this.router = router;
        this.routerCtx = routerCtx;
        this.head = head;
        registry.add(this);
    }

    // ---- HttpExchange ----

    @Override
    public boolean respond(dev.parley.server.HttpResponse response) {
        if (!open || !CLAIM.compareAndSet(this, UNCLAIMED, RESPONSE)) {
            return false;
        }
        execute(() -> respondOnLoop(response));
        return true;
    }

    @Override
    public HttpStream open(int status, Map<String, String> headers) {
        // Built here so that an invalid header (a CR or LF in a value) throws to the caller.
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        headers.forEach((name, value) -> response.headers().set(name, value));
        response.headers().remove(HttpHeaderNames.CONTENT_LENGTH).remove(HttpHeaderNames.TRANSFER_ENCODING)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (!CLAIM.compareAndSet(this, UNCLAIMED, STREAM)) {
            throw new IllegalStateException("This exchange was already answered");
        }
        execute(() -> openOnLoop(response));
        return this;
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closeRan) {
                Runnable before = onClose;
                onClose = before == null ? action : () -> {
                    before.run();
                    action.run();
                };
                return;
            }
        }
        action.run();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---- HttpStream ----

    @Override
    public boolean write(byte[] bytes) {
        if (!open) {
            return false;
        }
        if (bytes.length == 0) {
            return true;
        }
        long before = bufferedBytes();
        if (before > 0 && before + bytes.length > maxBufferedBytes) {
            slowConsumer(before + bytes.length);
            return false;
        }
        QUEUED.getAndAdd(this, (long) bytes.length);
        execute(() -> writeOnLoop(bytes));
        return true;
    }

    @Override
    public long bufferedBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return queued + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    @Override
    public void close() {
        if (claim == STREAM) {
            open = false;
            execute(this::closeOnLoop);
        }
    }

    // ---- What the router and the server call ----

    /** The route's handler threw before answering: 500 with no details (the router logged it). */
    void failed() {
        if (CLAIM.compareAndSet(this, UNCLAIMED, RESPONSE)) {
            execute(() -> respondOnLoop(errors.error(500, "Internal error")));
        }
    }

    /** The connection closed (on the event loop): an exchange not yet over ends now. */
    void connectionLost() {
        if (state != State.ENDED) {
            end();
        }
    }

    /**
     * The server stops: a pending exchange is answered 503 (in the route's words), a stream ends with its last
     * chunk; an answer the application already gave goes out as the connection's last. False if already over.
     */
    boolean serverClosing() {
        if (!open) {
            return false;
        }
        stopping = true;
        if (CLAIM.compareAndSet(this, UNCLAIMED, SERVER)) {
            execute(() -> respondOnLoop(errors.error(503, "Server shutting down")));
        } else if (claim == STREAM) {
            open = false;
            execute(this::closeOnLoop);
        }
        return true;
    }

    // ---- On the event loop ----

    private void respondOnLoop(dev.parley.server.HttpResponse answer) {
        if (state != State.PENDING) {
            return;
        }
        FullHttpResponse response = HttpRouter.toNetty(answer);
        HttpRouter waiting = router;
        ChannelHandlerContext ctx = routerCtx;
        // Without the request, send() closes the connection after the answer: the server is going away.
        HttpResponses.send(ctx, stopping ? null : head, response);
        end();
        if (!stopping) {
            waiting.answered(ctx);
        }
    }

    private void openOnLoop(DefaultHttpResponse response) {
        if (state != State.PENDING) {
            return; // the client left first
        }
        ChannelHandlerContext ctx = routerCtx;
        if (HttpMethod.HEAD.equals(head.method())) {
            ctx.write(response);
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            end();
            return;
        }
        // HTTP/1.0 has no chunked coding: the body is the bytes as they come, and ends with the connection.
        chunked = !HttpVersion.HTTP_1_0.equals(head.protocolVersion());
        if (chunked) {
            response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        ctx.write(response); // encoded by the codec now, before it leaves the pipeline
        takeOverConnection();
        state = State.STREAMING;
        channel.flush();
        if (stopping) {
            open = false;
            closeOnLoop();
        }
    }

    /**
     * Leaves only this handler (after TLS, if any): the router (which releases what was pipelined), the
     * request reader and its timeouts, the idle timeout and the HTTP codec. Bytes the codec still held, or
     * that arrive later, reach {@link #channelRead}, which closes the connection.
     */
    private void takeOverConnection() {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.replace(HttpRouter.NAME, "stream", this);
        for (String name : HttpRouter.HTTP_HANDLERS) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        pipeline.remove(HttpChannelInitializer.CODEC);
        forgetRouter();
    }

    private void writeOnLoop(byte[] bytes) {
        QUEUED.getAndAdd(this, (long) -bytes.length);
        if (state != State.STREAMING) {
            return;
        }
        if (chunked) {
            channel.write(ChunkFraming.header(channel.alloc(), bytes.length), channel.voidPromise());
        }
        channel.write(Unpooled.wrappedBuffer(bytes), channel.voidPromise());
        if (chunked) {
            channel.write(ChunkFraming.crlf(), channel.voidPromise());
        }
        channel.flush();
    }

    private void closeOnLoop() {
        if (state != State.STREAMING) {
            return;
        }
        channel.writeAndFlush(chunked ? ChunkFraming.lastChunk() : Unpooled.EMPTY_BUFFER)
                .addListener(ChannelFutureListener.CLOSE);
        // A client that stopped reading would keep the connection open forever.
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, CLOSE_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        end();
    }

    private void slowConsumer(long wouldBe) {
        if (!open) {
            return;
        }
        open = false;
        LOG.debug("Stream {} closed as a slow consumer: {} bytes buffered, over {}", channel, wouldBe,
                maxBufferedBytes);
        execute(channel::close);
    }

    /** Over: no more writes, out of the registry, the close callbacks run (once). */
    private void end() {
        state = State.ENDED;
        open = false;
        registry.remove(this);
        forgetRouter();
        Runnable actions;
        synchronized (this) {
            closeRan = true;
            actions = onClose;
            onClose = null;
        }
        if (actions != null) {
            try {
                actions.run();
            } catch (RuntimeException e) {
                LOG.warn("An onClose callback of a streaming route failed", e);
            }
        }
    }

    private void forgetRouter() {
        router = null;
        routerCtx = null;
        head = null;
    }

    private void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            open = false; // the server's threads are gone: so is the connection
        }
    }

    // ---- Inbound, once the stream owns the connection ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        // Nothing may follow the request on a stream's connection (it is never answered): close it.
        LOG.debug("Client sent data on the stream {}: closing it", channel);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connectionLost();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Stream {} failed", channel, cause);
        ctx.close();
    }
}
