package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client pipeline (upgrade, frames, connection, raw echo session) over an {@link EmbeddedChannel}. */
class LoadConnectionTest {
    static final String UPGRADE_RESPONSE = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + ClientHandshakeTest.SAMPLE_ACCEPT + "\r\n\r\n";

    private final ConnectionStats stats = new ConnectionStats();
    private final LoadConnection connection = new LoadConnection(RawEchoSession.factory("abcd", false), stats,
            TimeUnit.SECONDS.toNanos(5));
    private final List<Long> replies = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(false, false,
            new UpgradeHandler(new ClientHandshake(Target.parse("ws://127.0.0.1:3100/ws/echo", Protocol.ws),
                    ClientHandshakeTest.SAMPLE_NONCE), connection),
            new WsClientHandler(connection, 1 << 20));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void upgradesAnswersPingsEchoesAndAnswersTheServersClose() throws Exception {
        open();
        // The 101 and the server's first frame, a ping, arrive in one read.
        channel.writeInbound(bytes(UPGRADE_RESPONSE.getBytes(StandardCharsets.ISO_8859_1),
                MessageAssemblerTest.UNMASKED_PING));
        assertThat(connection.ready()).isCompletedWithValue(connection);
        assertThat(outbound()).containsExactly("10 masked Hello");
        assertThat(stats.webSocketPingsAnswered.sum()).isEqualTo(1);

        connection.replyHandler((c, stamp, now) -> replies.add(stamp));
        assertThat(connection.send(42)).isTrue();
        connection.flushIfPending();
        assertThat(outbound()).containsExactly("1 masked abcd");
        channel.writeInbound(bytes(new byte[] {(byte) 0x81, 0x04}, "abcd".getBytes(StandardCharsets.US_ASCII)));
        assertThat(replies).containsExactly(42L);

        // The server closes with 1001: the status code is echoed, then the server closes TCP.
        channel.writeInbound(bytes(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xE9}));
        assertThat(outbound()).containsExactly("8 masked \u0003\u00e9");
        channel.close();
        assertThat(connection.closed()).isCompletedWithValue("closed by the server with 1001");
    }

    @Test
    void maskedServerFrameFailsTheConnectionWith1002() throws Exception {
        open();
        channel.writeInbound(bytes(UPGRADE_RESPONSE.getBytes(StandardCharsets.ISO_8859_1)));
        channel.writeInbound(bytes(MessageAssemblerTest.MASKED_HELLO));
        assertThat(outbound()).containsExactly("8 masked \u0003\u00eamasked frame from the server");
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.closed()).isCompletedWithValue("protocol error 1002: masked frame from the server");
    }

    @Test
    void refusedUpgradeFailsReady() throws Exception {
        open();
        channel.writeInbound(bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(connection.ready()).isCompletedExceptionally();
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.closed()).isCompletedWithValue("HTTP 403");
    }

    private void open() throws Exception {
        connection.bind(channel);
        channel.register();
        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET /ws/echo HTTP/1.1\r\n");
        request.release();
    }

    private List<String> outbound() {
        List<ByteBuf> written = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            written.add(b);
        }
        return RecordedFrames.parse(written);
    }

    private static ByteBuf bytes(byte[]... parts) {
        return Unpooled.wrappedBuffer(parts);
    }
}
