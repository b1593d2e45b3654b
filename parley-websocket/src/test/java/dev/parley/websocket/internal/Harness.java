package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketObserver;
import dev.parley.websocket.spi.WebSocketUpgrade;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link WebSocketConnection} on an {@link EmbeddedChannel}: bytes in, frames out, callbacks run inline
 * (a direct executor) so events are recorded by the time a write returns.
 */
final class Harness implements AutoCloseable {
    final RecordingListener listener = new RecordingListener();
    final ClientFrames client = new ClientFrames();
    final EmbeddedChannel channel;
    final WebSocketConnection connection;

    Harness(WebSocketConfig config) {
        this(config, null);
    }

    Harness(WebSocketConfig config, DeflateParameters deflate) {
        this(config, deflate, WebSocketObserver.NONE);
    }

    /** A connection reporting to {@code observer} from the start, as {@link WebSocketUpgrade} wires it. */
    Harness(WebSocketConfig config, DeflateParameters deflate, WebSocketObserver observer) {
        WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/test", listener).build();
        HandshakeRequest request = new HandshakeRequest("/test", Map.of(), Map.of(),
                new InetSocketAddress("127.0.0.1", 40000), false);
        connection = new WebSocketConnection(endpoint, request, Optional.empty(), config, deflate, Runnable::run);
        connection.observe(observer);
        channel = new EmbeddedChannel(connection);
        connection.opened();
        listener.next(RecordingListener.Open.class);
    }

    static Harness withDefaults() {
        return new Harness(WebSocketConfig.defaults());
    }

    /** Writes bytes as one TCP chunk. */
    void send(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes.clone()));
        channel.runPendingTasks();
    }

    /** Writes bytes one at a time, as the most fragmented TCP stream would deliver them. */
    void sendBytewise(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
    }

    /** Every frame written since the last call. */
    List<ServerFrame> frames() {
        channel.runPendingTasks();
        List<ServerFrame> frames = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            try {
                frames.addAll(ServerFrame.parseAll(out));
            } finally {
                out.release();
            }
        }
        return frames;
    }

    ServerFrame onlyFrame() {
        List<ServerFrame> frames = frames();
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    /** Asserts that the server failed the connection: one close frame with {@code code}, TCP closed, events. */
    void assertFailedWith(int code) {
        ServerFrame close = onlyFrame();
        assertThat(close.opcode()).isEqualTo(Opcodes.CLOSE);
        assertThat(close.closeCode()).isEqualTo(code);
        assertThat(channel.isOpen()).as("TCP closed after the close frame").isFalse();
        listener.next(RecordingListener.Error.class);
        assertThat(listener.next(RecordingListener.Close.class).code()).isEqualTo(code);
        listener.assertExhausted();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
