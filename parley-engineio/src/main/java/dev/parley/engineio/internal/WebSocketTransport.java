package dev.parley.engineio.internal;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketSession;
import dev.parley.websocket.spi.TransportConnection;
import dev.parley.websocket.spi.SharedFrame;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Engine.IO over one WebSocket: a text frame per text packet, a binary frame per binary message. */
final class WebSocketTransport implements Transport {
    /**
     * The ping's frame ({@code "2"}, 3 bytes), encoded once for every connection and never released: each ping
     * writes a retained duplicate of it (a recycled object), so a ping allocates no buffer, message or list.
     */
    private static final SharedFrame PING_FRAME = SharedFrame.text(ByteBufAllocator.DEFAULT, String.valueOf((char) ('0' + EnginePacket.PING)));

    private final WebSocketSession socket;
    /** The session this WebSocket carries (or probes for); set once, by the listener's onOpen. */
    private volatile EngineSession session;

    WebSocketTransport(WebSocketSession socket) {
        this.socket = socket;
    }

    EngineSession session() {
        return session;
    }

    void session(EngineSession value) {
        session = value;
    }

    @Override
    public String name() {
        return EngineIoConfig.WEBSOCKET;
    }

    @Override
    public boolean isWritable() {
        return socket.isOpen();
    }

    @Override
    public boolean isIdle() {
        return socket.isOpen() && socket.bufferedAmount() == 0;
    }

    @Override
    public void write(List<EnginePacket> packets) {
        for (EnginePacket packet : packets) {
            if (packet.shared() != null && socket instanceof TransportConnection connection) {
                packet.shared().writeTo(connection, packet.compress());
            } else if (packet.isBinary()) {
                socket.sendBinary(packet.binary(), packet.compress());
            } else if (socket instanceof TransportConnection connection) {
                // Nothing here waits for the write: no "4"+text String, future or promise per packet.
                connection.sendPrefixedText((char) ('0' + packet.type()), packet.text(), packet.compress());
            } else {
                socket.sendText(EnginePacketCodec.encodeText(packet), packet.compress());
            }
        }
    }

    /**
     * Writes a ping alone (nothing else waits in the session's buffer): the shared frame, never compressed (one
     * byte; RFC 7692 lets each message choose). Any thread, as {@link #write}.
     */
    @Override
    public void writePing() {
        if (socket instanceof TransportConnection connection) {
            connection.sendShared(PING_FRAME.retain(), false);
        } else {
            write(List.of(EnginePacket.PING_PACKET));
        }
    }

    @Override
    public void close(boolean byClient) {
        if (socket.isOpen()) {
            socket.close(CloseCodes.NORMAL_CLOSURE, "");
        }
    }

    /** A task queued on the loop after the writes queued before it (a send from another thread is a task too). */
    @Override
    public void afterWrites(Runnable task) {
        if (socket instanceof TransportConnection connection) {
            connection.eventLoop().execute(task);
        } else {
            task.run();
        }
    }

    /**
     * Scheduled from a task of the loop, with no delay: a loop takes due scheduled tasks only when it starts
     * a round of tasks, so at least one round of reads (epoll/select) runs before {@code task}.
     */
    @Override
    public void afterPendingReads(Runnable task) {
        if (socket instanceof TransportConnection connection) {
            EventLoop loop = connection.eventLoop();
            loop.execute(() -> loop.schedule(task, 0, TimeUnit.NANOSECONDS));
        } else {
            task.run();
        }
    }

    @Override
    public void pauseReading(boolean pause) {
        if (socket instanceof TransportConnection connection) {
            connection.pauseReading(pause);
        }
    }

    WebSocketSession socket() {
        return socket;
    }
}
