package dev.parley.benchmarks.load;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketProtocolException;
import dev.parley.websocket.internal.FrameWriter;
import dev.parley.websocket.internal.Opcodes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection, the class that owns it: its WebSocket state (pings, the close handshake), its
 * {@link ProtocolSession}, and the send stamps of its outstanding requests, matched to replies in order.
 *
 * <p>Lifecycle: connecting, open (upgraded), ready (the protocol's handshake done: {@link #ready()}
 * completes), closing, closed ({@link #closed()} completes with the reason). Everything but
 * {@link #close()} and the futures is used only on the channel's event loop. Mask keys come from
 * {@link ThreadLocalRandom}: unpredictable enough for a load generator, not for a browser (RFC 6455 §10.3).
 */
final class LoadConnection implements SessionContext, MessageAssembler.Sink {
    /** Receives replies, on the connection's event loop. */
    interface ReplyHandler {
        void onReply(LoadConnection connection, long stampNanos, long nowNanos);
    }

    private enum State { CONNECTING, OPEN, READY, CLOSING, CLOSED }

    private static final ReplyHandler NO_HANDLER = (connection, stamp, now) -> { };

    private final ProtocolSession session;
    private final ConnectionStats stats;
    private final long closeTimeoutNanos;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<LoadConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final LongFifo stamps = new LongFifo();
    /** When each outstanding request actually left (its stamp may be a scheduled time in the past). */
    private final LongFifo sentAt = new LongFifo();
    private long answeredRequestSentNanos;
    private volatile Channel channel;
    private State state = State.CONNECTING;
    private ReplyHandler replyHandler = NO_HANDLER;
    private boolean flushPending;
    private String closeReason;
    private long tcpConnectedNanos;
    private long readyNanos;

    LoadConnection(ProtocolSession.Factory sessions, ConnectionStats stats, long closeTimeoutNanos) {
        this.session = sessions.create(this);
        this.stats = stats;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    /** Completes when the connection can carry requests, or exceptionally with a {@link ConnectFailure}. */
    CompletableFuture<LoadConnection> ready() {
        return ready;
    }

    /** Completes with the reason when the TCP connection is closed. */
    CompletableFuture<String> closed() {
        return closed;
    }

    /** Nanoseconds from the connect call to the TCP connection; valid once {@link #ready()} completed. */
    long tcpConnectNanos() {
        return tcpConnectedNanos - startNanos;
    }

    /** Nanoseconds from the connect call to ready; valid once {@link #ready()} completed. */
    long readyNanos() {
        return readyNanos - startNanos;
    }

    // ---- called by the connector and the pipeline ----

    void bind(Channel channel) {
        this.channel = channel;
    }

    void onTcpConnected() {
        tcpConnectedNanos = System.nanoTime();
    }

    void onUpgraded() {
        state = State.OPEN;
        session.onUpgraded();
    }

    /** The TCP connection was never established, so no channel will become inactive. */
    void connectFailed(Throwable cause) {
        if (closeReason == null) {
            closeReason = ConnectFailure.describe(cause);
        }
        state = State.CLOSED;
        failReady(closeReason);
        closed.complete(closeReason);
    }

    void handshakeTimedOut(long timeoutMillis) {
        if (state.compareTo(State.READY) < 0) {
            abort("not ready after " + timeoutMillis + " ms");
        }
    }

    void protocolError(WebSocketProtocolException e) {
        if (state.compareTo(State.CLOSING) >= 0) {
            channel.close();
            return;
        }
        closeReason = "protocol error " + e.closeCode() + ": " + e.getMessage();
        failReady(closeReason);
        state = State.CLOSING;
        ByteBuf payload = channel.alloc().buffer().writeShort(e.closeCode());
        ByteBufUtil.writeUtf8(payload, e.getMessage());
        // Send the close once, then close after it is written (RFC 6455 §7.1.7).
        channel.writeAndFlush(mask(Opcodes.CLOSE, payload)).addListener(ChannelFutureListener.CLOSE);
    }

    /** An I/O error (a reset, a failed write): no close handshake is possible any more. */
    void ioError(Throwable cause) {
        if (closeReason == null) {
            closeReason = ConnectFailure.describe(cause);
        }
        failReady(closeReason);
        state = State.CLOSING;
        channel.close();
    }

    void onInactive() {
        state = State.CLOSED;
        String reason = closeReason != null ? closeReason : "dropped without a close frame";
        failReady(reason);
        stamps.clear();
        sentAt.clear();
        closed.complete(reason);
    }

    void flushIfPending() {
        if (flushPending) {
            flushPending = false;
            channel.flush();
        }
    }

    @Override
    public void onMessage(int opcode, ByteBuf payload) {
        switch (opcode) {
            case Opcodes.TEXT, Opcodes.BINARY -> {
                if (state == State.OPEN || state == State.READY) {
                    session.onMessage(opcode == Opcodes.TEXT, payload);
                }
            }
            case Opcodes.PING -> {
                // A pong carries the ping's application data (RFC 6455 §5.5.3).
                writeFrame(Opcodes.PONG, payload.copy());
                stats.webSocketPingsAnswered.increment();
            }
            case Opcodes.CLOSE -> onCloseFrame(payload);
            default -> { }
        }
    }

    // ---- the driver's side, on the event loop ----

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    void replyHandler(ReplyHandler handler) {
        this.replyHandler = handler;
    }

    boolean isReady() {
        return state == State.READY;
    }

    /**
     * When the request being answered actually left: valid in a reply handler, on the event loop, for a reply
     * matched by order (echo), not for a delivery that carries its stamp.
     */
    long answeredRequestSentNanos() {
        return answeredRequestSentNanos;
    }

    /** Sends one request stamped {@code stampNanos}, unflushed; false if the connection is not ready. */
    boolean send(long stampNanos) {
        if (state != State.READY) {
            return false;
        }
        stamps.add(stampNanos);
        sentAt.add(System.nanoTime());
        session.writeRequest(stampNanos);
        return true;
    }

    /**
     * Sends one request that no reply answers (a broadcast's publish), unflushed: its stamp travels in the
     * payload, not in this connection's queue of outstanding stamps. False if the connection is not ready.
     */
    boolean publish(long stampNanos) {
        if (state != State.READY) {
            return false;
        }
        session.writeRequest(stampNanos);
        return true;
    }

    /**
     * Stops or resumes reading, on the event loop: with auto-read off Netty no longer reads the socket, so
     * the kernel's receive buffer fills, the TCP window closes and the server's writes back up; a slow
     * consumer seen from the server. Nothing else changes: pings and closes wait unread like the rest.
     */
    void reading(boolean on) {
        channel.config().setAutoRead(on);
    }

    /** Starts the close handshake from any thread; the future completes when the TCP connection is gone. */
    CompletableFuture<String> close() {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(this::startClose);
        }
        return closed;
    }

    // ---- SessionContext ----

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public void writeText(ByteBuf payload) {
        writeFrame(Opcodes.TEXT, payload);
    }

    @Override
    public void writeBinary(ByteBuf payload) {
        writeFrame(Opcodes.BINARY, payload);
    }

    @Override
    public void sessionReady() {
        if (state == State.OPEN) {
            state = State.READY;
            readyNanos = System.nanoTime();
            ready.complete(this);
        }
    }

    @Override
    public void reply() {
        if (stamps.isEmpty()) {
            stats.mismatchedReplies.increment();
            return;
        }
        answeredRequestSentNanos = sentAt.poll();
        replyHandler.onReply(this, stamps.poll(), System.nanoTime());
    }

    @Override
    public void delivered(long stampNanos) {
        replyHandler.onReply(this, stampNanos, System.nanoTime());
    }

    @Override
    public void malformedDelivery() {
        stats.mismatchedReplies.increment();
    }

    @Override
    public void mismatchedReply() {
        stats.mismatchedReplies.increment();
        reply();
    }

    @Override
    public void otherMessage() {
        stats.otherMessages.increment();
    }

    @Override
    public void pingAnswered(long pingIntervalMillis) {
        stats.engineIoPingsAnswered.increment();
        stats.engineIoPingIntervalMillis = pingIntervalMillis;
    }

    @Override
    public void abort(String reason) {
        if (state.compareTo(State.CLOSING) >= 0) {
            return;
        }
        closeReason = reason;
        failReady(reason);
        if (state == State.CONNECTING) {
            state = State.CLOSING;
            channel.close();
            return;
        }
        state = State.CLOSING;
        channel.writeAndFlush(closeFrame(CloseCodes.NORMAL_CLOSURE)).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- internals ----

    private void startClose() {
        if (state == State.OPEN || state == State.READY) {
            closeReason = "closed by the client";
            state = State.CLOSING;
            channel.writeAndFlush(closeFrame(CloseCodes.NORMAL_CLOSURE), channel.voidPromise());
            closeLater();
        } else if (state == State.CONNECTING) {
            abort("closed by the client while connecting");
        }
    }

    private void onCloseFrame(ByteBuf payload) {
        if (state == State.CLOSING) {
            // Our close was answered; the server closes the TCP connection first (RFC 6455 §7.1.1), so
            // TIME_WAIT stays on its side and our ports are free again at once.
            return;
        }
        int code = payload.readableBytes() >= 2 ? payload.getUnsignedShort(payload.readerIndex())
                : CloseCodes.NO_STATUS_RECEIVED;
        closeReason = "closed by the server with " + code;
        failReady(closeReason);
        state = State.CLOSING;
        // Echo the status code (RFC 6455 §5.5.1); a close without one is answered without one.
        ByteBuf echo = code == CloseCodes.NO_STATUS_RECEIVED ? Unpooled.EMPTY_BUFFER
                : channel.alloc().buffer(2).writeShort(code);
        channel.writeAndFlush(mask(Opcodes.CLOSE, echo), channel.voidPromise());
        closeLater();
    }

    /** Closes the TCP connection if the server has not after the close timeout. */
    private void closeLater() {
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                closeReason += " (no TCP close from the server in time)";
                channel.close();
            }
        }, closeTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private ByteBuf closeFrame(int code) {
        return mask(Opcodes.CLOSE, channel.alloc().buffer(2).writeShort(code));
    }

    private void writeFrame(int opcode, ByteBuf payload) {
        channel.write(mask(opcode, payload), channel.voidPromise());
        flushPending = true;
    }

    private ByteBuf mask(int opcode, ByteBuf payload) {
        // Every client frame is masked with a fresh key (RFC 6455 §5.3).
        return FrameWriter.encodeMasked(channel.alloc(), true, 0, opcode, payload, ThreadLocalRandom.current().nextInt());
    }

    private void failReady(String reason) {
        if (!ready.isDone()) {
            ready.completeExceptionally(new ConnectFailure(reason));
        }
    }
}
