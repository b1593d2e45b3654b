package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * When a client asks for {@code server_max_window_bits} below 15, the server's compressed messages must
 * be readable with that small window. Checked with Node's zlib, strictly (see inflate-window.mjs).
 */
class SmallWindowDeflateIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Three messages, each a random 1,000-character block three times: repeats 1,000 bytes back. */
    private static List<String> messages() {
        Random random = new Random(7);
        List<String> messages = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                block.append((char) ('a' + random.nextInt(26)));
            }
            messages.add(block.toString().repeat(3));
        }
        return messages;
    }

    private static List<String> compressedByServer(int windowBits, boolean noContextTakeover) {
        DeflateParameters deflate = new DeflateParameters(noContextTakeover, false, windowBits, "permessage-deflate");
        WebSocketConfig config = WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(0).build();
        List<String> payloads = new ArrayList<>();
        try (Harness h = new Harness(config, deflate)) {
            h.listener.echo = true;
            for (String text : messages()) {
                h.send(h.client.text(text));
                h.listener.next(RecordingListener.Text.class);
                ServerFrame frame = h.onlyFrame();
                assertThat(frame.rsv()).isEqualTo(Opcodes.RSV1);
                payloads.add(Base64.getEncoder().encodeToString(frame.payload()));
            }
        }
        return payloads;
    }

    private static String inflate(int windowBits, List<String> payloads) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(windowBits)));
        args.addAll(payloads);
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "inflate-window.mjs", args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return String.join("\n", result.lines());
    }

    @Test
    void nineBitWindowWithContextTakeover() {
        assertThat(inflate(9, compressedByServer(9, false))).isEqualTo("ok 9000");
    }

    @Test
    void nineBitWindowWithoutContextTakeoverSharesTheLiteralsOnlyFrame() {
        // Each message is inflated alone here: without context takeover each is a stream of its own.
        for (String payload : compressedByServer(9, true)) {
            assertThat(inflate(9, List.of(payload))).isEqualTo("ok 3000");
        }
    }

    @Test
    void theCheckCatchesAFullWindowStream() {
        // The control: the same messages compressed with the full window do not fit a 9-bit one.
        assertThat(inflate(9, compressedByServer(15, false))).startsWith("error invalid distance too far back");
        assertThat(inflate(15, compressedByServer(15, false))).isEqualTo("ok 9000");
    }
}
