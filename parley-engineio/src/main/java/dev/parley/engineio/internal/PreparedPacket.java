package dev.parley.engineio.internal;

import dev.parley.engineio.PreparedMessage;
import dev.parley.websocket.spi.SharedFrame;
import dev.parley.websocket.spi.TransportConnection;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * One Engine.IO message packet prepared for many sessions: its WebSocket frame is built on the first
 * WebSocket write and shared (reference-counted) by every later one. After {@link #close()} a late writer
 * (a packet that waited in a polling buffer and then went out over an upgraded WebSocket) encodes its own.
 */
public final class PreparedPacket implements PreparedMessage {
    private final EnginePacket packet;
    private SharedFrame frame;
    private boolean closed;

    private PreparedPacket(String text, byte[] binary) {
        this.packet = new EnginePacket(EnginePacket.MESSAGE, text, binary, this);
    }

    public static PreparedPacket text(String text) {
        return new PreparedPacket(text, null);
    }

    public static PreparedPacket binary(byte[] data) {
        return new PreparedPacket(null, data);
    }

    public EnginePacket packet() {
        return packet;
    }

    /**
     * Writes the shared frame to a WebSocket session; {@code compress} false writes it uncompressed (every
     * such target shares the plain frame; compressed forms are made per session's deflate parameters).
     */
    void writeTo(TransportConnection connection, boolean compress) {
        SharedFrame shared;
        synchronized (this) {
            if (closed) {
                shared = encode();
            } else {
                if (frame == null) {
                    frame = encode();
                }
                shared = frame.retain();
            }
        }
        connection.sendShared(shared, compress);
    }

    private SharedFrame encode() {
        return packet.isBinary()
                ? SharedFrame.binary(ByteBufAllocator.DEFAULT, ByteBuffer.wrap(packet.binary()))
                : SharedFrame.text(ByteBufAllocator.DEFAULT, EnginePacketCodec.encodeText(packet));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (frame != null) {
                frame.release();
                frame = null;
            }
        }
    }
}
