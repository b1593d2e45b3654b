package dev.parley.engineio.internal;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoObserver;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.engineio.PreparedMessage;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.spi.SerialExecutor;
import dev.parley.websocket.spi.TransportConnection;
import io.netty.channel.EventLoop;
import io.netty.util.Timeout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its transport (and, during an upgrade, the probing WebSocket), the buffer of
 * packets not yet written, the heartbeat and the close. State is guarded by this object's lock; listener
 * callbacks run in order on a serial executor, never under the lock.
 *
 * <p>Heartbeat (Engine.IO v4): the server pings every {@code pingInterval} (from one ping's write to the
 * next, see {@link Heartbeat}) and expects a pong within {@code pingTimeout}. The heartbeat is one entry,
 * kept for the session's life, on the wheel of the event loop that serves the session's transport
 * ({@link LoopTimer}): armed for the next ping, moved to the pong deadline when the ping goes out, back to
 * the next ping when the pong comes, without allocating, and pings are written and pongs handled without
 * crossing threads; the deadline is also checked whenever the client shows up, so a late tick never keeps a
 * dead session alive. With DEBUG on this class, every close is logged with its reason, and a
 * ping timeout with how its window went (when the ping was written, how late the deadline was judged).
 */
public final class EngineSession implements EngineIoSocket {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);

    private enum State { OPEN, CLOSING, CLOSED }

    private final EngineCore core;
    private final String id;
    private final HandshakeRequest request;
    private final SerialExecutor callbacks;
    private Executor callbackExecutor;
    /**
     * Packets waiting for the transport, null when none. Created when first needed and dropped once the
     * transport took them all: over a writable WebSocket packets go straight out, and an idle server holds
     * thousands of sessions (an ArrayDeque of 4 costs 64 bytes).
     */
    private ArrayDeque<EnginePacket> buffer;
    /** The buffer's bytes as a poll would carry them ({@link EnginePacketCodec#payloadLength}). */
    private long bufferedBytes;
    private Transport transport;
    private WebSocketTransport probe;
    private boolean probed;
    // Written under the monitor; volatile so that isOpen() reads it without taking it.
    private volatile State state = State.OPEN;
    private final Heartbeat heartbeat;
    /** The timer of the loop that serves the session's transport (see {@link LoopTimer}). */
    private SessionTimer timer;
    /** The heartbeat's entry on that timer: the next ping, or the pong deadline. */
    private HeartbeatEntry heartbeatEntry;
    /**
     * A ping waits and no packet read since has refreshed its window: set on the loop with the ping, cleared
     * by the refresh or the pong. Read without the lock so that an ordinary message costs no monitor.
     */
    private volatile boolean refreshable;
    private Timeout upgradeTimer;
    private Timeout closingTimer;
    private boolean closeAfterDrain;
    // A volatile long with an updater rather than an AtomicLong: one session per client, 24 bytes each.
    private static final java.util.concurrent.atomic.AtomicLongFieldUpdater<EngineSession> QUEUED_INBOUND =
            java.util.concurrent.atomic.AtomicLongFieldUpdater.newUpdater(EngineSession.class, "queuedInbound");
    private volatile long queuedInbound;
    private boolean inboundPaused;
    private HttpExchange heldPost;
    private volatile Object attachment;
    private final EngineIoObserver observer;

    EngineSession(EngineCore core, String id, HandshakeRequest request, EventLoop loop) {
        this.core = core;
        this.id = id;
        this.request = request;
        this.heartbeat = new Heartbeat(core.config().pingInterval().toNanos(), core.config().pingTimeout().toNanos());
        this.observer = core.config().observer();
        this.callbackExecutor = core.handlers().executorFor(loop);
        this.timer = core.timerFor(loop);
        this.heartbeatEntry = new HeartbeatEntry(timer);
        // A subclass rather than a failure lambda capturing the id: one object fewer per session.
        this.callbacks = new SerialExecutor(callbackExecutor) {
            @Override
            protected void taskFailed(Throwable failure) {
                LOG.warn("Engine.IO listener failed for session {}", EngineSession.this.id, failure);
            }
        };
    }

    // ---- public API ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    /** The transport's name, or "none" before the session has one. Lock held. */
    private String transportName() {
        return transport == null ? "none" : transport.name();
    }

    @Override
    public synchronized String transport() {
        return transport.name();
    }

    /** Whether the handshake has given the session its transport: only then is it one of the server's sockets. */
    synchronized boolean isOpened() {
        return transport != null;
    }

    @Override
    public void send(String text, boolean compress) {
        enqueue(EnginePacket.message(text).withCompress(compress));
    }

    @Override
    public void send(byte[] data, boolean compress) {
        enqueue(EnginePacket.message(data).withCompress(compress));
    }

    @Override
    public void send(PreparedMessage message, boolean compress) {
        enqueue(((PreparedPacket) message).packet().withCompress(compress));
    }

    @Override
    public void send(List<PreparedMessage> messages, boolean compress) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            TrafficCounter traffic = core.traffic();
            for (PreparedMessage message : messages) {
                EnginePacket packet = ((PreparedPacket) message).packet();
                observer.messageSent(transportName(), packet.size());
                if (traffic != null) {
                    traffic.sent(packet.size());
                }
                queue(packet.withCompress(compress));
            }
            if (!overBufferLimit()) {
                flush();
                return;
            }
        }
        slowConsumer();
    }

    @Override
    public void close() {
        closeGracefully(CloseReason.FORCED_CLOSE);
    }

    @Override
    public boolean isOpen() { // read on every emit: no monitor, so a handler thread never waits for the loop here
        return state == State.OPEN;
    }

    @Override
    public synchronized boolean writable() {
        return state == State.OPEN && bufferIsEmpty() && transport != null && transport.isIdle();
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attachment(Object value) {
        attachment = value;
    }

    // ---- lifecycle ----

    /** Opens the session on a WebSocket (or a test's transport): the open packet is its first frame. */
    synchronized void openWithWebSocket(Transport ws, String openPacketData) {
        transport = ws;
        ws.write(List.of(EnginePacket.of(EnginePacket.OPEN, openPacketData)));
        started();
    }

    /** Opens the session on polling; returns the handshake response body (the open packet). */
    synchronized String openWithPolling(PollingTransport polling, String openPacketData) {
        transport = polling;
        started();
        return EnginePacketCodec.encodePayload(List.of(EnginePacket.of(EnginePacket.OPEN, openPacketData)));
    }

    private void started() {
        observer.sessionOpened(transport.name());
        heartbeat.opened(core.nanoTime());
        heartbeatChanged();
        callbacks.execute(() -> core.listener().onOpen(this));
    }

    void enqueue(EnginePacket packet) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            if (packet.type() == EnginePacket.MESSAGE) {
                observer.messageSent(transportName(), packet.size());
                TrafficCounter traffic = core.traffic();
                if (traffic != null) {
                    traffic.sent(packet.size());
                }
            }
            if (bufferIsEmpty() && transport != null && transport.isWritable()) {
                transport.write(List.of(packet)); // what flush() would do with this one packet, minus the buffer
                return;
            }
            queue(packet);
            if (!overBufferLimit()) {
                flush();
                return;
            }
        }
        slowConsumer();
    }

    /** The buffer, created on first use. Lock held. */
    private ArrayDeque<EnginePacket> buffer() {
        if (buffer == null) {
            buffer = new ArrayDeque<>(4);
        }
        return buffer;
    }

    /** Adds a packet to the buffer, counting its bytes. Lock held. */
    private void queue(EnginePacket packet) {
        buffer().add(packet);
        bufferedBytes += EnginePacketCodec.payloadLength(packet);
    }

    private boolean overBufferLimit() {
        return bufferedBytes > core.config().maxBufferedAmount();
    }

    /**
     * The client does not take what is sent to it (a polling client that never polls): the session ends
     * rather than the heap growing without bound, as a WebSocket past its buffered-amount limit does.
     */
    private void slowConsumer() {
        LOG.warn("Engine.IO session {} closed: over {} bytes queued for a client that does not take them",
                id, core.config().maxBufferedAmount());
        observer.slowConsumerClosed();
        fail(CloseReason.TRANSPORT_ERROR, false);
    }

    private boolean bufferIsEmpty() {
        return buffer == null || buffer.isEmpty();
    }

    /** Writes the buffer if the transport can take it. Lock held. */
    private void flush() {
        if (bufferIsEmpty() || transport == null || !transport.isWritable()) {
            return;
        }
        List<EnginePacket> packets = takeForTransport();
        transport.write(packets);
        if (heartbeat.awaitingPong() && packets.contains(EnginePacket.PING_PACKET)) {
            transport.afterWrites(heartbeatEntry); // it notes the write: no task object per ping
        }
        EnginePacket last = packets.get(packets.size() - 1);
        if (state == State.CLOSING && (last == EnginePacket.CLOSE_PACKET || last == EnginePacket.NOOP_PACKET)) {
            finishClosing();
        }
    }

    /** Server-side close: what is buffered goes out first, then the transport ends. */
    public void closeGracefully(CloseReason reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSING;
            cancelTimers();
            closeProbe();
            if (transport instanceof PollingTransport) {
                // The close packet goes in a poll of its own, after what is queued (as the reference server
                // does): a client handles a close at once but defers other packets, so a close in the same
                // response would overtake, e.g., a Socket.IO DISCONNECT.
                if (bufferIsEmpty()) {
                    queue(EnginePacket.CLOSE_PACKET);
                } else {
                    closeAfterDrain = true;
                }
                if (transport.isWritable()) {
                    flush();
                }
                if (state == State.CLOSING) {
                    // The client polls again shortly; if it never does, the session goes anyway.
                    closingTimer = timer.newTimeout(t -> forgetAfterClosing(),
                            core.config().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            } else {
                flush();
                finishClosing();
            }
        }
        reportClosed(reason);
    }

    private synchronized void forgetAfterClosing() {
        if (state == State.CLOSING) {
            finishClosing();
        }
    }

    private void finishClosing() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (closingTimer != null) {
            closingTimer.cancel();
        }
        transport.close(false);
        core.remove(this);
    }

    /** Ends the session at once: a protocol error, a timeout, a dropped transport. */
    void fail(CloseReason reason, boolean byClient) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean reported = state == State.CLOSING;
            buffer = null;
            bufferedBytes = 0;
            cancelTimers();
            closeProbe();
            if (byClient && !reported && transport instanceof PollingTransport && !transport.isWritable()) {
                // The client's close may overtake its own poll (another connection): that poll gets a noop.
                state = State.CLOSING;
                queue(EnginePacket.NOOP_PACKET);
                closingTimer = timer.newTimeout(t -> forgetAfterClosing(),
                        core.config().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
                reportClosed(reason);
                return;
            }
            state = State.CLOSED;
            if (closingTimer != null) {
                closingTimer.cancel();
            }
            transport.close(byClient);
            core.remove(this);
            if (heldPost != null) {
                heldPost.respondError(EngineError.BAD_REQUEST);
                heldPost = null;
            }
            if (reported) {
                return;
            }
        }
        reportClosed(reason);
    }

    private void reportClosed(CloseReason reason) {
        LOG.debug("Engine.IO session {} closed: {}", id, reason.wireName());
        String transportName;
        synchronized (this) {
            transportName = transportName();
        }
        observer.sessionClosed(transportName, reason);
        callbacks.execute(() -> core.listener().onClose(this, reason));
    }

    /** Lock held; the session is ending: it is no longer OPEN when the lock is released. */
    private void cancelTimers() {
        stopHeartbeat();
        if (upgradeTimer != null) {
            upgradeTimer.cancel();
        }
    }

    // ---- heartbeat ----

    /**
     * Arms the heartbeat's entry for what comes next, from the session's state: the pong deadline while a
     * ping waits for its pong, else the next ping ({@code pingInterval} after the last was written, see
     * {@link Heartbeat}); nothing once the session is no longer open. Lock held, any thread: the wheel is
     * its loop's alone, so from another thread the loop does it, reading the state it finds then; however
     * such tasks and the loop's own calls interleave, the entry ends where the latest state puts it.
     */
    private void heartbeatChanged() {
        HeartbeatEntry entry = heartbeatEntry;
        if (entry.timer.inLoop()) {
            placeHeartbeat(entry);
        } else {
            entry.timer.execute(() -> placeHeartbeatOnLoop(entry));
        }
    }

    /** Lock held; the session is ending (no longer OPEN once the lock is released). */
    private void stopHeartbeat() {
        HeartbeatEntry entry = heartbeatEntry;
        if (entry.timer.inLoop()) {
            entry.timer.disarm(entry);
        } else {
            entry.timer.execute(() -> placeHeartbeatOnLoop(entry)); // it will find the session closed
        }
    }

    private synchronized void placeHeartbeatOnLoop(HeartbeatEntry entry) {
        placeHeartbeat(entry);
    }

    /** Lock held, on {@code entry}'s loop. An entry the session no longer uses (it moved loops) is disarmed. */
    private void placeHeartbeat(HeartbeatEntry entry) {
        if (entry != heartbeatEntry || state != State.OPEN) {
            entry.timer.disarm(entry);
            return;
        }
        long now = core.nanoTime();
        long delay = heartbeat.awaitingPong() ? Math.max(0, heartbeat.remaining(now)) : heartbeat.nextPingDelay(now);
        entry.timer.arm(entry, now + delay);
    }

    /**
     * The heartbeat's entry expired, on its loop: the ping is due, or the pong deadline passed. Both are
     * checked against the clock first, so that nothing happens early whatever woke the entry.
     */
    private void heartbeatDue(HeartbeatEntry entry) {
        Transport current;
        synchronized (this) {
            if (entry != heartbeatEntry || state != State.OPEN) {
                entry.timer.disarm(entry); // its place in the wheel goes too
                return;
            }
            long now = core.nanoTime();
            if (!heartbeat.awaitingPong()) {
                if (heartbeat.nextPingDelay(now) == 0) {
                    // The window counts from now (or from the write, if later: see flush), as the reference counts
                    // it from its sendPacket: a ping that went out late must not leave the client less than pingTimeout.
                    heartbeat.pingSent(now);
                    refreshable = true;
                    if (bufferIsEmpty() && transport != null && transport.isWritable()) {
                        // The usual case: written at once, with no buffer or list for it, and no store into this
                        // (old) session for G1 to refine (see docs/benchmarks.md, "Idle CPU", fourth pass).
                        transport.writePing();
                        transport.afterWrites(heartbeatEntry); // it notes the write
                    } else {
                        queue(EnginePacket.PING_PACKET);
                        flush();
                    }
                }
                placeHeartbeat(entry);
                return;
            }
            if (heartbeat.remaining(now) > 0) {
                placeHeartbeat(entry); // the ping was written after it was queued: the deadline moved
                return;
            }
            current = transport;
        }
        current.afterPendingReads(this::checkPongDeadline);
    }

    /** The ping reached the client's connection: its window starts over from here. */
    private synchronized void pingWritten() {
        if (state == State.OPEN) {
            // The entry stays at the deadline counted from the queueing; there it finds the later one and moves.
            heartbeat.pingWritten(core.nanoTime());
        }
    }

    /**
     * The pong deadline passed, judged once what the client already sent was read: a pong waiting in the
     * socket while the deadline expired counts, as it does in the reference server once its timer callback
     * gets to run after the read.
     */
    private void checkPongDeadline() {
        synchronized (this) {
            if (state != State.OPEN || !heartbeat.awaitingPong()) {
                return;
            }
            if (heartbeat.remaining(core.nanoTime()) > 0) {
                heartbeatChanged(); // the ping was written after it was queued: the deadline moved
                return;
            }
        }
        if (LOG.isDebugEnabled()) {
            logPingTimeout();
        }
        fail(CloseReason.PING_TIMEOUT, false);
    }

    /** Why the server judged the client gone, for an operator telling a slow client from a late server. */
    private void logPingTimeout() {
        String detail;
        synchronized (this) {
            detail = heartbeat.describeTimeout(core.nanoTime());
        }
        LOG.debug("Engine.IO session {} closing: ping timeout ({})", id, detail);
    }

    /**
     * True (and the session is closed) if the client let a ping go unanswered past its deadline: checked
     * when a poll shows up, so that a late timer never keeps serving a dead session.
     */
    boolean expired() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return true;
            }
            if (state != State.OPEN || !heartbeat.expired(core.nanoTime())) {
                return false;
            }
        }
        fail(CloseReason.PING_TIMEOUT, false);
        return true;
    }

    /** Lock held: the entry moves from the pong deadline to the next ping. */
    private void onPong() {
        refreshable = false;
        heartbeat.pongReceived();
        heartbeatChanged();
    }

    /**
     * A pong read on {@code ws}'s event loop, taken there rather than queued for the handler pool (see
     * {@link WebSocketTransportListener#handledOnLoop}): false, and the pong goes the ordinary way, unless
     * {@code ws} is the session's transport (a probe's packets keep their order with the upgrade).
     */
    synchronized boolean pongOnLoop(Transport ws) {
        if (transport != ws) {
            return false;
        }
        if (state == State.OPEN) {
            onPong();
        } else if (heartbeat.awaitingPong() && LOG.isDebugEnabled()) {
            // The client answered, too late or the session ended first: tells a slow client from a dead one.
            LOG.debug("Engine.IO session {} closed before its pong: {}", id,
                    heartbeat.describeLatePong(core.nanoTime()));
        }
        return true;
    }

    /**
     * A packet other than a pong was read from {@code ws} (on its event loop, when it was read, not when a
     * handler gets to it): while a ping waits, the first such packet gives the client {@code pingTimeout} again
     * from now, as the reference server does (see {@link Heartbeat}). A pending deadline task that finds the
     * window moved waits for the new deadline.
     */
    void packetRead(Transport ws) {
        if (!refreshable) {
            return; // no ping waits, or its one refresh is spent: no lock taken for an ordinary message
        }
        synchronized (this) {
            if (transport == ws) {
                refreshOnRead();
            }
        }
    }

    /** Lock held. */
    private void refreshOnRead() {
        refreshable = false; // Heartbeat refreshes once per ping
        if (state == State.OPEN && heartbeat.awaitingPong()) {
            heartbeat.packetRead(core.nanoTime());
        }
    }

    // ---- inbound packets ----

    /** A packet from the session's current transport. */
    void onPacket(EnginePacket packet) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            switch (packet.type()) {
                case EnginePacket.PONG -> onPong();
                case EnginePacket.MESSAGE -> deliver(packet);
                case EnginePacket.CLOSE, EnginePacket.PING -> {
                    // handled below, outside the lock
                }
                default -> {
                    // open, upgrade and noop from a client carry nothing for the application
                }
            }
        }
        if (packet.type() == EnginePacket.MESSAGE) {
            // Queued in order under the monitor, started after it: see SerialExecutor.enqueue.
            callbacks.startQueued();
            return;
        }
        if (packet.type() != EnginePacket.CLOSE && packet.type() != EnginePacket.PING) {
            return;
        }
        // In v4 only the server pings: a client ping is an error, as in the reference ("invalid heartbeat direction").
        fail(packet.type() == EnginePacket.PING ? CloseReason.TRANSPORT_ERROR : CloseReason.TRANSPORT_CLOSE,
                packet.type() == EnginePacket.CLOSE);
    }

    /**
     * Hands a message to the application. Bytes waiting for it are counted: over the limit the transport
     * stops reading (WebSocket) or the POST is not answered (polling) until the application catches up,
     * so a client cannot queue unbounded memory behind a slow handler.
     */
    private void deliver(EnginePacket packet) {
        long size = Math.max(1, packet.size());
        observer.messageReceived(transportName(), packet.size());
        TrafficCounter traffic = core.traffic();
        if (traffic != null) {
            traffic.received(packet.size());
        }
        if (QUEUED_INBOUND.addAndGet(this, size) > core.inboundLimit() && !inboundPaused) {
            inboundPaused = true;
            transport.pauseReading(true);
        }
        // The read time only when someone watches: no clock read per message otherwise.
        long readAt = observer == EngineIoObserver.NONE ? 0 : System.nanoTime();
        // One task object per message: the listener call is made here, not by a second lambda it wraps.
        callbacks.enqueue(() -> {
            if (readAt != 0) {
                observer.handlerQueueDelay(System.nanoTime() - readAt);
            }
            try {
                if (packet.isBinary()) {
                    core.listener().onBinary(this, packet.binary());
                } else {
                    core.listener().onMessage(this, packet.text());
                }
            } finally {
                if (QUEUED_INBOUND.addAndGet(this, -size) <= core.inboundLimit() / 2) {
                    resumeInbound();
                }
            }
        });
    }

    /** Bytes received and handed on that the application has not handled yet (bounded by the inbound limit). */
    public long queuedInboundBytes() {
        return queuedInbound;
    }

    private synchronized void resumeInbound() {
        if (!inboundPaused || queuedInbound > core.inboundLimit() / 2) {
            return;
        }
        inboundPaused = false;
        transport.pauseReading(false);
        if (heldPost != null) {
            HttpExchange post = heldPost;
            heldPost = null;
            post.respondOk();
        }
    }

    /**
     * Answers a POST once its packets were handled: the reference server runs a POST's handlers before it
     * answers, so a client that polls after the answer finds every reply they queued (an echo of each
     * packet, not of the first only). The handlers still run off the event loop: the answer is queued on the
     * session's serial executor, behind them. It waits longer while the application is behind.
     */
    void answerPost(HttpExchange post) {
        callbacks.execute(() -> answerPostNow(post));
    }

    private synchronized void answerPostNow(HttpExchange post) {
        if (inboundPaused && state == State.OPEN) {
            heldPost = post;
        } else {
            post.respondOk();
        }
    }

    // ---- polling ----

    synchronized boolean usesPolling() {
        return transport instanceof PollingTransport;
    }

    /** A GET on the polling transport; the caller checked that it is the current transport. */
    void onPoll(HttpExchange get) {
        boolean overlap;
        synchronized (this) {
            if (state == State.CLOSED) {
                get.respondError(EngineError.UNKNOWN_SID);
                return;
            }
            PollingTransport polling = (PollingTransport) transport;
            overlap = polling.hasPendingGet();
            if (!overlap) {
                polling.hold(get);
                if (state == State.CLOSING && closeAfterDrain && bufferIsEmpty()) {
                    closeAfterDrain = false;
                    queue(EnginePacket.CLOSE_PACKET);
                }
                if (!bufferIsEmpty()) {
                    flush();
                } else if (probed) {
                    // An upgrade is under way: end this poll so the client can complete it.
                    polling.write(List.of(EnginePacket.NOOP_PACKET));
                }
                return;
            }
        }
        // Two polls at once. Which one the client sent first is judged once the new one's connection has been
        // read to its end: a client that cancelled a poll and polled again at once may have its second poll
        // served before the first is even read, on another event loop.
        get.afterPendingReads(() -> overlappingPoll(get));
    }

    private void overlappingPoll(HttpExchange get) {
        HttpExchange held = null;
        synchronized (this) {
            if (state == State.CLOSED || !(transport instanceof PollingTransport polling)) {
                get.respondError(EngineError.UNKNOWN_SID);
                return;
            }
            if (!get.isConnectionOpen()) {
                // The client had already cancelled this poll: it was sent before the held one. In arrival order
                // the cancelled poll ended the session, and the held poll came after it (reference: 400).
                held = polling.releasePending();
            }
        }
        if (held != null) {
            held.respondError(EngineError.UNKNOWN_SID);
        }
        // A second GET while one waits: the reference server fails the session (the first GET gets "1").
        get.respondError(EngineError.BAD_REQUEST);
        fail(CloseReason.TRANSPORT_ERROR, false);
    }

    /** The connection of a waiting GET closed before it was answered. */
    void pollCancelled(HttpExchange get) {
        synchronized (this) {
            if (!(transport instanceof PollingTransport polling) || !polling.isPending(get)) {
                return;
            }
        }
        fail(CloseReason.TRANSPORT_ERROR, false);
    }

    /** The packets of a POST, already decoded. */
    void onPost(List<EnginePacket> packets) {
        if (packets.stream().anyMatch(p -> p.type() != EnginePacket.PONG)) {
            synchronized (this) {
                refreshOnRead();
            }
        }
        for (EnginePacket packet : packets) {
            onPacket(packet);
        }
    }

    // ---- upgrade ----

    /** A WebSocket opened with this session's sid: it probes until the client sends upgrade. */
    synchronized boolean startProbe(WebSocketTransport ws) {
        if (state != State.OPEN || probe != null || !(transport instanceof PollingTransport)) {
            return false;
        }
        probe = ws;
        upgradeTimer = timer.newTimeout(t -> upgradeTimedOut(ws), core.config().upgradeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return true;
    }

    synchronized boolean isProbe(WebSocketTransport ws) {
        return probe == ws;
    }

    synchronized boolean isTransport(Transport t) {
        return transport == t;
    }

    /** A packet on the probing WebSocket: only "2probe" then "5" are legal. */
    void onProbePacket(WebSocketTransport ws, EnginePacket packet) {
        synchronized (this) {
            if (probe != ws || state != State.OPEN) {
                return;
            }
            if (packet.type() == EnginePacket.PING && "probe".equals(packet.text()) && !probed) {
                probed = true;
                ws.write(List.of(EnginePacket.of(EnginePacket.PONG, "probe")));
                if (transport.isWritable()) {
                    // Release the waiting poll so the client can pause polling and finish the upgrade.
                    transport.write(bufferIsEmpty() ? List.of(EnginePacket.NOOP_PACKET) : takeForTransport());
                }
                return;
            }
            if (packet.type() == EnginePacket.UPGRADE && probed) {
                completeUpgrade(ws);
                return;
            }
            closeProbe();
        }
    }

    /**
     * What the transport takes from the buffer now: everything over WebSocket; over polling at most
     * {@code maxHttpBufferSize} bytes (the client's {@code maxPayload}), at least one packet, the rest
     * waiting for the next poll. Lock held; the buffer is not empty.
     */
    private List<EnginePacket> takeForTransport() {
        if (!(transport instanceof PollingTransport)) {
            // One packet (the common case over WebSocket) needs no copy of the buffer.
            List<EnginePacket> packets = buffer.size() == 1 ? List.of(buffer.poll()) : new ArrayList<>(buffer);
            buffer = null; // an emptied buffer is dropped, not kept by the idle session (see the field)
            bufferedBytes = 0;
            return packets;
        }
        long limit = core.config().maxHttpBufferSize();
        List<EnginePacket> packets = new ArrayList<>(Math.min(buffer.size(), 16));
        long bytes = 0;
        while (!buffer.isEmpty()) {
            long length = EnginePacketCodec.payloadLength(buffer.peek());
            long next = packets.isEmpty() ? length : length + 1; // + the record separator
            if (!packets.isEmpty() && bytes + next > limit) {
                break;
            }
            bytes += next;
            bufferedBytes -= length;
            packets.add(buffer.poll());
        }
        if (buffer.isEmpty()) {
            buffer = null;
        }
        return packets;
    }

    private void completeUpgrade(WebSocketTransport ws) {
        upgradeTimer.cancel();
        Transport old = transport;
        transport = ws;
        probe = null;
        probed = false;
        old.close(true);
        observer.upgraded();
        followTransport(ws);
        flush();
    }

    /**
     * Handlers on event loops: the session's callbacks move to the loop of its new WebSocket, so that its
     * messages in and replies out no longer cross threads (the callbacks queued so far still run first).
     */
    private void followTransport(WebSocketTransport ws) {
        if (ws.socket() instanceof TransportConnection connection) {
            // Its pings too: from the next one on, they are written by the loop that owns the connection.
            moveHeartbeat(core.timerFor(connection.eventLoop()));
            Executor next = core.handlers().executorFor(connection.eventLoop());
            if (next != callbackExecutor) {
                callbackExecutor = next;
                callbacks.moveTo(next);
            }
        }
    }

    /** Lock held: the heartbeat goes to {@code next}'s wheel, in a new entry; the old one is disarmed on its loop. */
    private void moveHeartbeat(SessionTimer next) {
        if (next == timer) {
            return;
        }
        HeartbeatEntry old = heartbeatEntry;
        timer = next;
        heartbeatEntry = new HeartbeatEntry(next);
        if (old.timer.inLoop()) {
            old.timer.disarm(old);
        } else {
            old.timer.execute(() -> placeHeartbeatOnLoop(old));
        }
        heartbeatChanged();
    }

    /**
     * The session's heartbeat on one loop's wheel, kept and re-armed for every ping and pong deadline. It is
     * also the task that notes a ping's write ({@link Transport#afterWrites}): no object per heartbeat.
     */
    private final class HeartbeatEntry extends TickEntry implements Runnable {
        final SessionTimer timer;

        HeartbeatEntry(SessionTimer timer) {
            this.timer = timer;
        }

        @Override
        void expire() {
            heartbeatDue(this);
        }

        @Override
        public void run() {
            pingWritten();
        }
    }

    private synchronized void upgradeTimedOut(WebSocketTransport ws) {
        if (probe == ws) {
            closeProbe();
        }
    }

    private void closeProbe() {
        if (probe != null) {
            WebSocketTransport p = probe;
            probe = null;
            probed = false;
            if (upgradeTimer != null) {
                upgradeTimer.cancel();
            }
            p.close(false);
        }
    }

    /** A WebSocket of this session closed. */
    void webSocketClosed(WebSocketTransport ws) {
        synchronized (this) {
            if (probe == ws) {
                closeProbe();
                return;
            }
            if (transport != ws) {
                return;
            }
        }
        fail(CloseReason.TRANSPORT_CLOSE, true);
    }

    EngineIoConfig config() {
        return core.config();
    }
}
