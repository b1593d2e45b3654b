package dev.parley.engineio.internal;

import dev.parley.engineio.EngineIoConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * HTTP long-polling: packets wait in the session's buffer until the client's GET takes them. At most one
 * GET waits at a time; a client that cancels it (closes the connection) fails the session, as in the
 * reference server. Every method is called with the session's lock held.
 */
final class PollingTransport implements Transport {
    private final EngineSession session;
    private HttpExchange pendingGet;
    private ChannelFutureListener cancelWatch;
    /** The loop of the last GET answered: its answer is a task there (see {@link HttpExchange#respond}). */
    private Executor lastAnswered;

    PollingTransport(EngineSession session) {
        this.session = session;
    }

    @Override
    public String name() {
        return EngineIoConfig.POLLING;
    }

    @Override
    public boolean isWritable() {
        return pendingGet != null;
    }

    boolean hasPendingGet() {
        return pendingGet != null;
    }

    /** Holds a GET until there is something to send. */
    void hold(HttpExchange get) {
        pendingGet = get;
        ChannelFuture closed = get.ctx().channel().closeFuture();
        cancelWatch = future -> session.pollCancelled(get);
        closed.addListener(cancelWatch);
    }

    boolean isPending(HttpExchange get) {
        return pendingGet == get;
    }

    @Override
    public void write(List<EnginePacket> packets) {
        HttpExchange get = release();
        if (get != null) {
            // engine.io compresses a payload if any of its packets asks (a message sent with compress).
            boolean compress = false;
            for (EnginePacket packet : packets) {
                compress |= packet.asksCompression();
            }
            get.respondText(EnginePacketCodec.encodePayload(packets), compress);
            lastAnswered = get.ctx().executor();
        }
    }

    @Override
    public void afterWrites(Runnable task) {
        if (lastAnswered != null) {
            lastAnswered.execute(task);
        } else {
            task.run();
        }
    }

    @Override
    public void close(boolean byClient) {
        HttpExchange get = release();
        if (get != null) {
            get.respondText(EnginePacketCodec.encodePayload(
                    List.of(byClient ? EnginePacket.NOOP_PACKET : EnginePacket.CLOSE_PACKET)));
        }
    }

    /** Takes the waiting GET away unanswered (the caller answers it); null if none waits. */
    HttpExchange releasePending() {
        return release();
    }

    private HttpExchange release() {
        HttpExchange get = pendingGet;
        if (get != null) {
            get.ctx().channel().closeFuture().removeListener(cancelWatch);
            pendingGet = null;
            cancelWatch = null;
        }
        return get;
    }
}
