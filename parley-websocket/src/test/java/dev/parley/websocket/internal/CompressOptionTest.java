package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.WebSocketConfig;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-message {@code compress} option (as {@code ws}'s {@code send(data, {compress: false})}): false
 * sends a plain frame (RSV1 clear, RFC 7692 §6) even with permessage-deflate negotiated and the message
 * over the threshold, and leaves the compression context as it was.
 */
class CompressOptionTest {
    private static final String TEXT = "Parley ".repeat(100);
    private static final WebSocketConfig DEFLATE_FROM_ZERO =
            WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(0).build();

    @Test
    void withContextTakeoverAPlainMessageInBetweenLeavesTheContextInStep() {
        DeflateParameters takeover = new DeflateParameters(false, false, 15, "permessage-deflate");
        try (Harness h = new Harness(DEFLATE_FROM_ZERO, takeover)) {
            h.connection.sendText(TEXT);
            h.connection.sendText(TEXT, false);
            h.connection.sendBinary(new byte[] {1, 2, 3}, false);
            h.connection.sendText(TEXT);
            List<ServerFrame> frames = h.frames();
            assertThat(frames).extracting(ServerFrame::rsv).containsExactly(Opcodes.RSV1, 0, 0, Opcodes.RSV1);
            assertThat(frames).extracting(ServerFrame::opcode)
                    .containsExactly(Opcodes.TEXT, Opcodes.TEXT, Opcodes.BINARY, Opcodes.TEXT);
            assertThat(new String(frames.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
            assertThat(frames.get(2).payload()).containsExactly(1, 2, 3);
            // The second compressed message refers back into the first only: fed back in order, both
            // inflate (the server's inflater shares the parameters, so it reads our stream as the peer would).
            assertThat(frames.get(3).payload().length).isLessThan(frames.get(0).payload().length);
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, frames.get(0).payload()));
            h.send(h.client.frame(true, Opcodes.RSV1, Opcodes.TEXT, frames.get(3).payload()));
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(TEXT);
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(TEXT);
            h.listener.assertExhausted();
        }
    }

    @Test
    void withoutContextTakeoverOneSharedMessageGoesPlainOrCompressedPerSend() {
        DeflateParameters noTakeover = new DeflateParameters(true, false, 15,
                "permessage-deflate; server_no_context_takeover");
        try (Harness h = new Harness(DEFLATE_FROM_ZERO, noTakeover)) {
            OutboundMessage shared = OutboundMessage.text(ByteBufAllocator.DEFAULT, TEXT);
            h.connection.sendShared(shared.retain(), false);
            h.connection.sendShared(shared, true);
            List<ServerFrame> frames = h.frames();
            assertThat(frames).extracting(ServerFrame::rsv).containsExactly(0, Opcodes.RSV1);
            assertThat(new String(frames.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
            assertThat(shared.refCnt()).as("both sends released their reference").isZero();
            h.listener.assertExhausted();
        }
    }
}
