package dev.parley.websocket.internal;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.MessageDroppedException;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketObserver;
import dev.parley.websocket.WebSocketProtocolException;
import dev.parley.websocket.WebSocketSession;
import dev.parley.websocket.spi.LoopTextFilter;
import dev.parley.websocket.spi.SerialExecutor;
import dev.parley.websocket.spi.SharedFrame;
import dev.parley.websocket.spi.TransportConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The session layer of one WebSocket connection: owns its reader, rules and writer, runs the close
 * handshake, and hands messages to the endpoint's listener in order, on its handler executor (a task of
 * its own, never inline in a read).
 *
 * <p>Thread contract: Netty callbacks and every field without a thread-safe type are used only on the
 * channel's event loop; the {@link WebSocketSession} methods may be called from any thread and hop there.
 */
public final class WebSocketConnection extends ChannelInboundHandlerAdapter implements TransportConnection, MessageListener {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Object[] NO_ATTRIBUTES = new Object[0];

    private final long sequence = IDS.incrementAndGet(); // the id as a number: its string is made when asked for
    private final WebSocketEndpoint endpoint;
    private final WebSocketListener listener;
    private final HandshakeRequest request;
    private final Optional<String> subprotocol;
    private final WebSocketConfig config;
    private final DeflateParameters deflate;
    private final Callbacks callbacks;
    /** Handlers may run on event loops: writes on the loop queue behind those of other threads (see send). */
    private final boolean queueWritesOnLoop;
    /** The layer above's object for this connection (Engine.IO's transport), found without a lookup. */
    private volatile Object attachment;
    /** Set by {@link #observe} before the connection joins a pipeline; never changed after. */
    private WebSocketObserver observer = WebSocketObserver.NONE;
    // Plain volatile fields with updaters rather than Atomic* objects, and attributes in a small array rather
    // than a map: an idle server holds thousands of these, and each object costs 16-200 bytes of heap.
    private static final AtomicIntegerFieldUpdater<WebSocketConnection> CLOSE_REPORTED =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketConnection.class, "closeReported");
    private static final AtomicLongFieldUpdater<WebSocketConnection> QUEUED_OUTBOUND =
            AtomicLongFieldUpdater.newUpdater(WebSocketConnection.class, "queuedOutbound");
    private static final AtomicLongFieldUpdater<WebSocketConnection> QUEUED_INBOUND =
            AtomicLongFieldUpdater.newUpdater(WebSocketConnection.class, "queuedInbound");
    /** Name, value, name, value...: replaced whole on change, read without a lock (a session has a few). */
    private volatile Object[] attributes = NO_ATTRIBUTES;
    private volatile int closeReported;
    private volatile long queuedOutbound;
    private volatile long queuedInbound;
    private static final AtomicIntegerFieldUpdater<WebSocketConnection> WRITES_IN_TRANSIT =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketConnection.class, "writesInTransit");
    /** Sends queued as tasks of the event loop and not yet written: the last one written flushes. */
    private volatile int writesInTransit;
    private volatile boolean open = true;
    private volatile boolean readPaused;
    private boolean pausedFromAbove;

    private ChannelHandlerContext ctx;
    private FrameReader reader;
    private FrameRules rules;
    private MessageDeflater deflater;
    private boolean opened;
    private ByteBuf earlyInput;
    private boolean inputClosed;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean flushScheduled;
    private ScheduledFuture<?> closeTimer;

    /**
     * @param deflate the negotiated permessage-deflate parameters, or null
     */
    public WebSocketConnection(WebSocketEndpoint endpoint, HandshakeRequest request, Optional<String> subprotocol,
            WebSocketConfig config, DeflateParameters deflate, java.util.concurrent.Executor handlerExecutor) {
        this(endpoint, request, subprotocol, config, deflate, handlerExecutor, false);
    }

    /**
     * @param queueWritesOnLoop true when application code may run on event loops: then a send made on this
     *     connection's loop is queued like one from another thread, so it cannot overtake frames queued earlier
     */
    public WebSocketConnection(WebSocketEndpoint endpoint, HandshakeRequest request, Optional<String> subprotocol,
            WebSocketConfig config, DeflateParameters deflate, java.util.concurrent.Executor handlerExecutor,
            boolean queueWritesOnLoop) {
        this.queueWritesOnLoop = queueWritesOnLoop;
        this.endpoint = endpoint;
        this.listener = endpoint.listener();
        this.request = request;
        this.subprotocol = subprotocol;
        this.config = config;
        this.deflate = deflate;
        this.callbacks = new Callbacks(handlerExecutor);
    }

    /**
     * The queue of handler callbacks, which also is the flush task: one object where a serial executor, a
     * lambda for its failures and a method reference for flushing cost three (an idle server holds thousands
     * of connections).
     */
    private final class Callbacks extends SerialExecutor implements Runnable {
        Callbacks(java.util.concurrent.Executor handlerExecutor) {
            super(handlerExecutor);
        }

        @Override
        protected void taskFailed(Throwable failure) {
            handlerFailed(failure);
        }

        /** The flush scheduled by {@link #scheduleFlush}, on the event loop. */
        @Override
        public void run() {
            flushPending();
        }
    }

    /** Reports this connection to {@code observer} (metrics); called before it is added to a pipeline. */
    public void observe(WebSocketObserver observer) {
        this.observer = observer;
    }

    // ---- Netty side (event loop) ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        MessageInflater inflater = deflate != null ? new MessageInflater(deflate.clientNoContextTakeover()) : null;
        if (deflate != null && !deflate.serverNoContextTakeover()) {
            deflater = new MessageDeflater(config.deflateLevel(), false, deflate.literalsOnly());
        }
        rules = new FrameRules(ctx.alloc(), this, config.maxFrameSize(), config.maxMessageSize(), inflater);
        reader = new FrameReader(rules);
    }

    /** The 101 response was written: start delivering frames and callbacks. */
    public void opened() {
        opened = true;
        EndpointAccess.group(endpoint).add(this);
        observer.opened(endpoint.path());
        callbacks.execute(() -> listener.onOpen(this));
        if (earlyInput != null) {
            ByteBuf input = earlyInput;
            earlyInput = null;
            channelRead(ctx, input);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (!opened) {
            // Bytes a client sent before it saw our 101; RFC 6455 §4.1 forbids it, but losing them is worse.
            earlyInput = earlyInput == null ? in : Unpooled.wrappedBuffer(earlyInput, in);
            return;
        }
        observer.bytesReceived(endpoint.path(), in.readableBytes()); // early bytes once, when opened() reads them
        try {
            if (!inputClosed) {
                reader.read(in);
            }
        } catch (WebSocketProtocolException e) {
            fail(e);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open = false;
        if (closeTimer != null) {
            closeTimer.cancel(false);
        }
        reportClosed(CloseCodes.ABNORMAL_CLOSURE, "");
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        rules.release();
        if (deflater != null) {
            deflater.release();
        }
        if (earlyInput != null) {
            earlyInput.release();
            earlyInput = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closeReported == 0) {
            callbacks.execute(() -> listener.onError(this, cause));
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close(CloseCodes.GOING_AWAY, "Idle timeout");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    // ---- Messages from the rules (event loop) ----

    @Override
    public void onText(String text) {
        if (closeReceived) {
            return;
        }
        long size = text.length();
        observer.messageReceived(endpoint.path());
        if (listener instanceof LoopTextFilter filter && filter.handledOnLoop(this, text)) {
            return;
        }
        dispatch(size, Opcodes.TEXT, text);
    }

    @Override
    public void onBinary(ByteBuf data) {
        ByteBuffer copy;
        try {
            copy = ByteBuffer.wrap(ByteBufUtils.toArray(data));
        } finally {
            data.release();
        }
        observer.messageReceived(endpoint.path());
        dispatch(copy.remaining(), Opcodes.BINARY, copy);
    }

    @Override
    public void onPing(ByteBuf payload) {
        if (!closeSent) {
            // RFC 6455 §5.5.2: answer with a pong carrying the same application data.
            writeControl(Opcodes.PONG, payload.retainedDuplicate());
        }
        ByteBuffer copy = ByteBuffer.wrap(ByteBufUtils.toArray(payload));
        dispatch(0, Opcodes.PING, copy);
    }

    @Override
    public void onPong(ByteBuf payload) {
        ByteBuffer copy = ByteBuffer.wrap(ByteBufUtils.toArray(payload));
        dispatch(0, Opcodes.PONG, copy);
    }

    @Override
    public void onClose(int code, String reason) {
        closeReceived = true;
        inputClosed = true; // RFC 6455 §5.5.1: nothing follows a close frame
        reader.stop();
        // Replies to the messages before the close go out first: the echo waits for their handlers.
        afterHandlers(() -> answerClose(code, reason));
    }

    private void answerClose(int code, String reason) {
        open = false;
        if (closeSent) {
            // We started the handshake and the peer answered: the server closes TCP first (§7.1.1).
            if (closeTimer != null) {
                closeTimer.cancel(false);
            }
            ctx.close();
        } else {
            closeSent = true;
            // Echo the status code (§5.5.1); a close without one is answered without one.
            ByteBuf echo = code == CloseCodes.NO_STATUS_RECEIVED ? Unpooled.EMPTY_BUFFER : closePayload(code, "");
            flushNow(FrameWriter.encode(ctx.alloc(), true, 0, Opcodes.CLOSE, echo))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        reportClosed(code, reason);
    }

    /**
     * Fails the connection (RFC 6455 §7.1.7): reading stops at once and nothing more is delivered, but the
     * handlers of messages received before the violation finish and their replies are written before the
     * close frame, so nothing acknowledged is lost. A handler that never finishes cannot hold the
     * connection: it is closed after the close timeout regardless.
     */
    private void fail(WebSocketProtocolException e) {
        inputClosed = true;
        reader.stop();
        ctx.channel().config().setAutoRead(false);
        if (closeReported == 0) {
            callbacks.execute(() -> listener.onError(this, e));
        }
        scheduleForcedClose();
        afterHandlers(() -> {
            open = false;
            if (!closeSent) {
                closeSent = true;
                flushNow(FrameWriter.encode(ctx.alloc(), true, 0, Opcodes.CLOSE, closePayload(e.closeCode(), e.getMessage())))
                        .addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
            reportClosed(e.closeCode(), e.getMessage());
        });
    }

    /** Runs {@code task} on the event loop once every callback queued so far has run. */
    private void afterHandlers(Runnable task) {
        callbacks.execute(() -> onLoop(task));
    }

    private void scheduleForcedClose() {
        if (closeTimer == null) {
            closeTimer = ctx.executor().schedule(() -> {
                ctx.close();
            }, config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Queues the listener call for a message ({@code opcode} tells which, {@code payload} is its String or
     * ByteBuffer): one task object per message, with no second lambda for the call itself.
     */
    private void dispatch(long size, int opcode, Object payload) {
        if (size > 0 && QUEUED_INBOUND.addAndGet(this, size) > config.inboundQueueLimit() && !readPaused) {
            // The handler is behind: stop reading until it catches up, so memory stays bounded.
            readPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
        // The read time only when someone watches: no clock read per message otherwise.
        long readAt = observer == WebSocketObserver.NONE ? 0 : System.nanoTime();
        callbacks.execute(() -> {
            if (readAt != 0) {
                observer.handlerQueueDelay(endpoint.path(), System.nanoTime() - readAt);
            }
            try {
                deliver(opcode, payload);
            } finally {
                if (size > 0 && QUEUED_INBOUND.addAndGet(this, -size) <= config.inboundQueueLimit() / 2 && readPaused) {
                    ctx.executor().execute(this::resumeReading);
                }
            }
        });
    }

    private void deliver(int opcode, Object payload) {
        switch (opcode) {
            case Opcodes.TEXT -> listener.onText(this, (String) payload);
            case Opcodes.BINARY -> listener.onBinary(this, (ByteBuffer) payload);
            case Opcodes.PING -> listener.onPing(this, (ByteBuffer) payload);
            default -> listener.onPong(this, (ByteBuffer) payload);
        }
    }

    private void resumeReading() {
        if (readPaused && queuedInbound <= config.inboundQueueLimit() / 2) {
            readPaused = false;
            ctx.channel().config().setAutoRead(!pausedFromAbove);
        }
    }

    /**
     * Stops (or resumes) reading from the socket on behalf of a layer above whose own queue is full (Engine.IO
     * runs its listener inline and queues for the application itself). Any thread.
     */
    public void pauseReading(boolean pause) {
        ctx.executor().execute(() -> {
            pausedFromAbove = pause;
            if (ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(!pause && !readPaused);
            }
        });
    }

    private void reportClosed(int code, String reason) {
        if (CLOSE_REPORTED.compareAndSet(this, 0, 1)) {
            open = false;
            EndpointAccess.group(endpoint).remove(this);
            observer.closed(endpoint.path(), code);
            callbacks.execute(() -> listener.onClose(this, code, reason));
        }
    }

    private void handlerFailed(Throwable t) {
        // An exception from user code must not kill the session silently: report it, keep going.
        if (!(t instanceof ThreadDeath)) {
            try {
                listener.onError(this, t);
            } catch (Throwable ignored) {
                // The error handler itself failed; nothing more to tell.
            }
        }
    }

    // ---- Writing (any thread, then the event loop) ----

    @Override
    public CompletionStage<Void> sendText(String text, boolean compress) {
        return send(OutboundMessage.text(ctx.alloc(), text), true, compress);
    }

    @Override
    public CompletionStage<Void> sendBinary(byte[] data, boolean compress) {
        return send(OutboundMessage.binary(ctx.alloc(), ByteBuffer.wrap(data)), true, compress);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data, boolean compress) {
        return send(OutboundMessage.binary(ctx.alloc(), data), true, compress);
    }

    /**
     * Sends {@code asciiPrefix} then {@code text} as one text message, for a caller that does not wait
     * for the write: no result future and no channel promise per message (a failure closes or drops as
     * in {@link #sendText}). How Engine.IO writes a packet (its type digit, then its data).
     */
    public void sendPrefixedText(char asciiPrefix, String text, boolean compress) {
        send(OutboundMessage.text(ctx.alloc(), asciiPrefix, text), false, compress);
    }

    /**
     * Sends a message shared with other sessions (the caller retained a reference for this one, which is
     * released once written): how a layer above writes one encoded broadcast to many sessions.
     * {@code compress} false sends it uncompressed whatever its size (the shared plain frame).
     */
    public void sendShared(OutboundMessage message, boolean compress) {
        send(message, false, compress);
    }

    /** The event loop this session's I/O runs on; broadcasts are grouped by it. */
    EventExecutor executor() {
        return ctx.executor();
    }

    /**
     * The object a layer built on this connection keeps for it (Engine.IO's transport): a field rather than an
     * {@link #attribute}, which costs an array per connection and a search per message.
     */
    public Object attachment() {
        return attachment;
    }

    /** Sets {@link #attachment()}; any thread. */
    public void attach(Object value) {
        attachment = value;
    }

    /** The event loop serving this connection (for sessions layered on it that dispatch to it). */
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    /**
     * Writes a broadcast message; called on this session's event loop by {@link SessionGroup}, which keeps
     * the message's reference. No task, future or frame encoding per recipient: a duplicate of the shared
     * frame is written and flushed.
     */
    void writeBroadcast(OutboundMessage message, boolean compress) {
        // closeSent, not open: a close() requested after this broadcast was queued must not swallow it.
        if (closeSent || !ctx.channel().isActive()) {
            return;
        }
        long before = bufferedAmount();
        if (before > 0 && before + message.payloadLength() > config.maxBufferedAmount()) {
            overLimit(null, before + message.payloadLength());
            return;
        }
        ByteBuf frame = frameFor(message, compress);
        observer.messageSent(endpoint.path(), frame.readableBytes());
        ctx.write(frame, ctx.voidPromise());
        ctx.flush();
    }

    private CompletableFuture<Void> send(OutboundMessage message, boolean wantResult, boolean compress) {
        CompletableFuture<Void> result = wantResult ? new CompletableFuture<>() : null;
        if (!open) {
            message.release();
            return failed(result, new ClosedChannelException());
        }
        long size = message.payloadLength();
        long before = bufferedAmount();
        if (before > 0 && before + size > config.maxBufferedAmount()) {
            message.release();
            return overLimit(result, before + size);
        }
        QUEUED_OUTBOUND.addAndGet(this, size);
        // Written at once only when no handler can be on this loop: a handler's frame must not overtake a
        // broadcast (or a send) that another thread queued for this connection before it.
        if (!queueWritesOnLoop && ctx.executor().inEventLoop()) {
            write(message, result, size, compress);
            scheduleFlush();
        } else {
            WRITES_IN_TRANSIT.incrementAndGet(this);
            ctx.executor().execute(() -> writeInTransit(message, result, size, compress));
        }
        return result;
    }

    private CompletableFuture<Void> overLimit(CompletableFuture<Void> result, long wouldBe) {
        String reason = "Outbound buffer over " + config.maxBufferedAmount() + " bytes";
        if (config.slowConsumerPolicy() == WebSocketConfig.SlowConsumerPolicy.CLOSE) {
            if (open) {
                observer.slowConsumerClosed(endpoint.path());
            }
            close(CloseCodes.POLICY_VIOLATION, "Slow consumer");
        }
        return failed(result, new MessageDroppedException(reason + " (" + wouldBe + ")"));
    }

    /**
     * A send that came as a task: written, and flushed at once if no other send of this connection is on its
     * way (the common case of a handler's one reply), otherwise by the last of them; no flush task either way.
     * Frames still leave in one flush when several sends queued up behind each other.
     */
    private void writeInTransit(OutboundMessage message, CompletableFuture<Void> result, long size, boolean compress) {
        write(message, result, size, compress);
        if (WRITES_IN_TRANSIT.decrementAndGet(this) == 0) {
            ctx.flush();
        }
    }

    private void write(OutboundMessage message, CompletableFuture<Void> result, long size, boolean compress) {
        QUEUED_OUTBOUND.addAndGet(this, -size);
        if (closeSent || !ctx.channel().isActive()) {
            message.release();
            failed(result, new ClosedChannelException());
            return;
        }
        ByteBuf frame;
        try {
            frame = frameFor(message, compress);
        } catch (RuntimeException e) {
            // A compressor in an unknown state cannot go on: the peer's inflater would be out of step.
            failed(result, e);
            fail(new WebSocketProtocolException(CloseCodes.INTERNAL_ERROR, "Cannot encode a message"));
            return;
        } finally {
            message.release();
        }
        observer.messageSent(endpoint.path(), frame.readableBytes());
        if (result == null) {
            ctx.write(frame, ctx.voidPromise());
        } else {
            ctx.write(frame).addListener(f -> complete(result, f.cause()));
        }
    }

    /**
     * The frame this session writes: plain without permessage-deflate, below the threshold, or when the
     * sender asked for no compression ({@code compress(false)}, {@code ws}'s {@code send(data, {compress:
     * false})}): RFC 7692 §6 lets each message choose, RSV1 marks those compressed. A context-takeover
     * deflater is not touched by a plain message, so the peer's inflater stays in step.
     */
    private ByteBuf frameFor(OutboundMessage message, boolean compress) {
        if (!compress || deflate == null || message.payloadLength() < config.deflateThreshold()) {
            return message.plainFrame();
        }
        if (deflate.serverNoContextTakeover()) {
            return message.compressedFrame(config.deflateLevel(), deflate.literalsOnly());
        }
        ByteBuf compressed = deflater.compress(ctx.alloc(), message.payload());
        return FrameWriter.encode(ctx.alloc(), true, Opcodes.RSV1, message.opcode(), compressed);
    }

    /** Flushes once per event-loop turn however many frames were written in it. */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(callbacks); // Callbacks.run flushes
        }
    }

    private void flushPending() {
        flushScheduled = false;
        ctx.flush();
    }

    private io.netty.channel.ChannelFuture flushNow(ByteBuf frame) {
        return ctx.writeAndFlush(frame);
    }

    @Override
    public CompletionStage<Void> ping(byte[] data) {
        return sendControl(Opcodes.PING, data);
    }

    @Override
    public CompletionStage<Void> pong(byte[] data) {
        return sendControl(Opcodes.PONG, data);
    }

    private CompletionStage<Void> sendControl(int opcode, byte[] data) {
        if (data.length > Opcodes.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("Control frame payload over 125 bytes: " + data.length);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        byte[] copy = data.clone();
        onLoop(() -> {
            if (closeSent || !ctx.channel().isActive()) {
                result.completeExceptionally(new ClosedChannelException());
                return;
            }
            writeControl(opcode, Unpooled.wrappedBuffer(copy)).addListener(f -> complete(result, f.cause()));
        });
        return result;
    }

    private io.netty.channel.ChannelFuture writeControl(int opcode, ByteBuf payload) {
        io.netty.channel.ChannelFuture future = ctx.write(FrameWriter.encode(ctx.alloc(), true, 0, opcode, payload));
        scheduleFlush();
        return future;
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!CloseCodes.isValidToSend(code)) {
            throw new IllegalArgumentException("Close code " + code + " may not be sent");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > Opcodes.MAX_CONTROL_PAYLOAD - 2) {
            throw new IllegalArgumentException("Close reason over 123 bytes of UTF-8");
        }
        open = false;
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(() -> startClose(code, reason, result));
        return result;
    }

    private void startClose(int code, String reason, CompletableFuture<Void> result) {
        if (closeSent || !ctx.channel().isActive()) {
            result.complete(null);
            return;
        }
        closeSent = true;
        flushNow(FrameWriter.encode(ctx.alloc(), true, 0, Opcodes.CLOSE, closePayload(code, reason)))
                .addListener(f -> complete(result, f.cause()));
        // RFC 6455 §7.1.1: wait for the peer's close, but not forever.
        scheduleForcedClose();
    }

    /** Runs {@code task} on the event loop, in order with the sends made before it (see send). */
    private void onLoop(Runnable task) {
        if (!queueWritesOnLoop && ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private ByteBuf closePayload(int code, String reason) {
        ByteBuf payload = ctx.alloc().buffer(2 + reason.length() * 3);
        payload.writeShort(code);
        payload.writeCharSequence(reason, StandardCharsets.UTF_8);
        if (payload.readableBytes() > Opcodes.MAX_CONTROL_PAYLOAD) {
            payload.writerIndex(Opcodes.MAX_CONTROL_PAYLOAD); // reasons we generate are short; never exceed §5.5
        }
        return payload;
    }

    private static CompletableFuture<Void> failed(CompletableFuture<Void> result, Throwable cause) {
        if (result != null) {
            result.completeExceptionally(cause);
        }
        return result;
    }

    private static void complete(CompletableFuture<Void> result, Throwable cause) {
        if (cause == null) {
            result.complete(null);
        } else {
            result.completeExceptionally(cause);
        }
    }

    // ---- Session API ----

    @Override
    public String id() {
        return Long.toString(sequence, 36);
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    public Optional<String> subprotocol() {
        return subprotocol;
    }

    @Override
    public WebSocketEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public long bufferedAmount() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return queuedOutbound + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <T> Optional<T> attribute(String name, Class<T> type) {
        Object[] pairs = attributes;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return Optional.of(pairs[i + 1]).filter(type::isInstance).map(type::cast);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void attribute(String name, Object value) {
        Object[] pairs = attributes;
        int index = -1;
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                index = i;
                break;
            }
        }
        if (value == null) {
            if (index >= 0) {
                Object[] rest = new Object[pairs.length - 2];
                System.arraycopy(pairs, 0, rest, 0, index);
                System.arraycopy(pairs, index + 2, rest, index, pairs.length - index - 2);
                attributes = rest;
            }
            return;
        }
        Object[] next = java.util.Arrays.copyOf(pairs, index >= 0 ? pairs.length : pairs.length + 2);
        int at = index >= 0 ? index : pairs.length;
        next[at] = name;
        next[at + 1] = value;
        attributes = next;
    }

    /**
     * {@link TransportConnection}'s {@code sendShared}: every {@link SharedFrame} is an {@link OutboundMessage}
     * (made by its factories), so the cast costs a type check against a final class, no extra object.
     */
    @Override
    public void sendShared(SharedFrame frame, boolean compress) {
        sendShared((OutboundMessage) frame, compress);
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + id() + " " + request.path() + " " + request.remoteAddress() + "]";
    }
}
