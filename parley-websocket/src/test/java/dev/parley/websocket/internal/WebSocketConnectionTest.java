package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session layer on an EmbeddedChannel: every protocol violation gets its exact close code. */
class WebSocketConnectionTest {

    @Test
    void echoesTextAndBinaryAndAnswersPingWithPong() {
        try (Harness h = Harness.withDefaults()) {
            h.listener.echo = true;
            h.send(h.client.text("Hello"));
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo("Hello");
            ServerFrame echo = h.onlyFrame();
            assertThat(echo.opcode()).isEqualTo(Opcodes.TEXT);
            assertThat(echo.fin()).isTrue();
            assertThat(echo.text()).isEqualTo("Hello");

            h.send(h.client.binary(new byte[] {1, 2, 3}));
            assertThat(h.listener.next(RecordingListener.Binary.class).data()).containsExactly(1, 2, 3);
            assertThat(h.onlyFrame().payload()).containsExactly(1, 2, 3);

            h.send(h.client.frame(true, 0, Opcodes.PING, "ping!".getBytes(StandardCharsets.UTF_8)));
            ServerFrame pong = h.onlyFrame();
            assertThat(pong.opcode()).isEqualTo(Opcodes.PONG);
            assertThat(pong.text()).isEqualTo("ping!");
            assertThat(h.listener.next(RecordingListener.Ping.class).data()).isEqualTo("ping!");
            h.listener.assertExhausted();
        }
    }

    @Test
    void everythingWorksWhenTcpDeliversOneByteAtATime() {
        try (Harness h = Harness.withDefaults()) {
            h.sendBytewise(Bytes.concat(
                    h.client.frame(false, 0, Opcodes.TEXT, "κό".getBytes(StandardCharsets.UTF_8)),
                    h.client.frame(true, 0, Opcodes.PING, new byte[] {7}),
                    h.client.frame(true, 0, Opcodes.CONTINUATION, "σμε".getBytes(StandardCharsets.UTF_8))));
            assertThat(h.listener.next(RecordingListener.Ping.class)).isNotNull();
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo("κόσμε");
            assertThat(h.onlyFrame().opcode()).isEqualTo(Opcodes.PONG);
            h.listener.assertExhausted();
        }
    }

    @Test
    void reassemblesManyFragmentsWithInterleavedControlFrames() {
        try (Harness h = Harness.withDefaults()) {
            StringBuilder expected = new StringBuilder();
            h.send(h.client.frame(false, 0, Opcodes.TEXT, "start".getBytes(StandardCharsets.UTF_8)));
            expected.append("start");
            for (int i = 0; i < 70_000; i++) {
                h.send(h.client.frame(false, 0, Opcodes.CONTINUATION, new byte[] {(byte) ('a' + i % 26)}));
                expected.append((char) ('a' + i % 26));
                if (i % 10_000 == 0) {
                    h.send(h.client.frame(true, 0, Opcodes.PONG, new byte[0]));
                }
            }
            h.send(h.client.frame(true, 0, Opcodes.CONTINUATION, new byte[0]));
            for (int i = 0; i < 7; i++) {
                h.listener.next(RecordingListener.Pong.class);
            }
            assertThat(h.listener.next(RecordingListener.Text.class).text()).isEqualTo(expected.toString());
            h.listener.assertExhausted();
        }
    }

    @Test
    void unmaskedClientFrameIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(ClientFrames.unmasked(true, Opcodes.TEXT, "hi".getBytes(StandardCharsets.UTF_8)));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70})
    void reservedBitsWithoutExtensionAre1002(int rsv) {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, rsv, Opcodes.TEXT, "hi".getBytes(StandardCharsets.UTF_8)));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void reservedOpcodesAre1002(int opcode) {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, opcode, new byte[0]));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void controlFrameOver125BytesIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.PING, new byte[126]));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.PING, new byte[125]));
            assertThat(h.onlyFrame().payload()).hasSize(125);
            h.listener.next(RecordingListener.Ping.class);
            h.listener.assertExhausted();
        }
    }

    @Test
    void fragmentedControlFrameIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(false, 0, Opcodes.PING, new byte[] {1}));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void continuationWithoutMessageIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.CONTINUATION, new byte[] {'a'}));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void newMessageInsideFragmentedMessageIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(false, 0, Opcodes.TEXT, new byte[] {'a'}));
            h.send(h.client.frame(true, 0, Opcodes.BINARY, new byte[] {'b'}));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void invalidUtf8FailsFastWithinTheFirstChunkOfAFrame() {
        try (Harness h = Harness.withDefaults()) {
            byte[] payload = new byte[100];
            Arrays.fill(payload, (byte) 'a');
            payload[3] = (byte) 0xFF;
            byte[] frame = h.client.frame(true, 0, Opcodes.TEXT, payload);
            // Only the header and the first 10 payload bytes arrive: the close must not wait for the rest.
            h.send(Arrays.copyOf(frame, 6 + 4 + 10));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void invalidUtf8AcrossFragmentsIs1007() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(false, 0, Opcodes.TEXT, Bytes.of(0xCE, 0xBA, 0xE1)));
            h.listener.assertExhausted();
            h.send(h.client.frame(false, 0, Opcodes.CONTINUATION, Bytes.of(0x41)));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void textEndingInsideASequenceIs1007() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.TEXT, Bytes.of(0xCE, 0xBA, 0xE1)));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void messageLimitAcceptsExactlyNBytesAndRejectsNPlusOne() {
        WebSocketConfig config = WebSocketConfig.builder().maxMessageSize(1000).build();
        try (Harness h = new Harness(config)) {
            h.send(h.client.binary(new byte[1000]));
            assertThat(h.listener.next(RecordingListener.Binary.class).data()).hasSize(1000);
            h.send(h.client.frame(false, 0, Opcodes.BINARY, new byte[600]));
            h.send(h.client.frame(true, 0, Opcodes.CONTINUATION, new byte[400]));
            assertThat(h.listener.next(RecordingListener.Binary.class).data()).hasSize(1000);
            h.send(h.client.frame(false, 0, Opcodes.BINARY, new byte[600]));
            h.send(h.client.frame(true, 0, Opcodes.CONTINUATION, new byte[401]));
            h.assertFailedWith(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void frameLimitIsEnforcedAtTheHeader() {
        WebSocketConfig config = WebSocketConfig.builder().maxFrameSize(100).maxMessageSize(1000).build();
        try (Harness h = new Harness(config)) {
            byte[] frame = h.client.binary(new byte[101]);
            h.send(Arrays.copyOf(frame, 8)); // the header alone reveals the size
            h.assertFailedWith(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void closeHandshakeEchoesTheCodeAndClosesTcp() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.close(1000, "bye"));
            ServerFrame close = h.onlyFrame();
            assertThat(close.opcode()).isEqualTo(Opcodes.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            assertThat(h.channel.isOpen()).isFalse();
            RecordingListener.Close event = h.listener.next(RecordingListener.Close.class);
            assertThat(event.code()).isEqualTo(1000);
            assertThat(event.reason()).isEqualTo("bye");
            h.listener.assertExhausted();
        }
    }

    @Test
    void emptyCloseIsAnsweredWithEmptyCloseAndReported1005() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.CLOSE, new byte[0]));
            assertThat(h.onlyFrame().payload()).isEmpty();
            assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(CloseCodes.NO_STATUS_RECEIVED);
            h.listener.assertExhausted();
        }
    }

    @Test
    void framesAfterCloseAreIgnored() {
        try (Harness h = Harness.withDefaults()) {
            h.send(Bytes.concat(h.client.close(1000, ""), h.client.text("late")));
            assertThat(h.onlyFrame().closeCode()).isEqualTo(1000);
            h.listener.next(RecordingListener.Close.class);
            h.listener.assertExhausted();
        }
    }

    @Test
    void repliesToMessagesBeforeAViolationGoOutBeforeTheClose() {
        try (Harness h = Harness.withDefaults()) {
            h.listener.echo = true;
            h.send(Bytes.concat(h.client.text("Hello, world!"),
                    h.client.frame(true, 0x20, Opcodes.TEXT, "Hello, world!".getBytes(StandardCharsets.UTF_8)),
                    h.client.frame(true, 0, Opcodes.PING, new byte[0])));
            List<ServerFrame> frames = h.frames();
            assertThat(frames).extracting(ServerFrame::opcode).containsExactly(Opcodes.TEXT, Opcodes.CLOSE);
            assertThat(frames.get(1).closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            h.listener.next(RecordingListener.Text.class);
            h.listener.next(RecordingListener.Error.class);
            h.listener.next(RecordingListener.Close.class);
            h.listener.assertExhausted();
        }
    }

    @Test
    void garbageAfterACloseFrameIsNotParsed() {
        try (Harness h = Harness.withDefaults()) {
            h.send(Bytes.concat(h.client.close(1000, ""), Bytes.of(0xFF, 0xFF, 0xFF)));
            assertThat(h.onlyFrame().closeCode()).isEqualTo(1000);
            assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(1000);
            h.listener.assertExhausted();
        }
    }

    @Test
    void closeWithOneBytePayloadIs1002() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.CLOSE, new byte[] {3}));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void closeReasonWithInvalidUtf8Is1007() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, Opcodes.CLOSE, Bytes.of(0x03, 0xE8, 0xCE, 0xBA, 0xE1, 0xBD)));
            h.assertFailedWith(CloseCodes.INVALID_PAYLOAD);
        }
    }

    @Test
    void everyReceivedCloseCodeIsEchoedOrRejected() {
        for (int code = 0; code <= 65535; code++) {
            boolean legal = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCodes.isValidReceived(code)).as("code %d", code).isEqualTo(legal);
            assertThat(CloseCodes.isValidToSend(code)).as("send %d", code).isEqualTo(legal && code != 1010);
        }
        for (int code : new int[] {0, 999, 1000, 1001, 1004, 1005, 1006, 1011, 1015, 1016, 2999, 3000, 4999, 5000, 65535}) {
            try (Harness h = Harness.withDefaults()) {
                h.send(h.client.close(code, ""));
                if (CloseCodes.isValidReceived(code)) {
                    assertThat(h.onlyFrame().closeCode()).isEqualTo(code);
                    assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(code);
                    h.listener.assertExhausted();
                } else {
                    h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
                }
            }
        }
    }

    @Test
    void serverInitiatedCloseWaitsForThePeerThenClosesTcp() {
        try (Harness h = Harness.withDefaults()) {
            h.connection.close(1001, "going");
            assertThat(h.onlyFrame().closeCode()).isEqualTo(1001);
            assertThat(h.channel.isOpen()).isTrue();
            assertThat(h.connection.isOpen()).isFalse();
            h.send(h.client.close(1001, ""));
            assertThat(h.frames()).as("no second close frame").isEmpty();
            assertThat(h.channel.isOpen()).isFalse();
            assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(1001);
            h.listener.assertExhausted();
        }
    }

    @Test
    void closeTimeoutClosesTcpWhenThePeerNeverAnswers() {
        WebSocketConfig config = WebSocketConfig.builder().closeTimeout(Duration.ofSeconds(3)).build();
        try (Harness h = new Harness(config)) {
            h.connection.close(1000, "");
            assertThat(h.onlyFrame().closeCode()).isEqualTo(1000);
            h.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            h.channel.runScheduledPendingTasks();
            assertThat(h.channel.isOpen()).isTrue();
            h.channel.advanceTimeBy(2, TimeUnit.SECONDS);
            h.channel.runScheduledPendingTasks();
            assertThat(h.channel.isOpen()).isFalse();
            assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
            h.listener.assertExhausted();
        }
    }

    @Test
    void droppedConnectionIsReported1006() {
        try (Harness h = Harness.withDefaults()) {
            h.channel.close();
            assertThat(h.listener.next(RecordingListener.Close.class).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
            h.listener.assertExhausted();
        }
    }

    @Test
    void slowConsumerPolicyCloseSends1008() {
        WebSocketConfig config = WebSocketConfig.builder().maxBufferedAmount(100).build();
        try (Harness h = new Harness(config)) {
            h.channel.config().setWriteBufferHighWaterMark(1 << 30);
            // Nothing is flushed while the event loop does not run its tasks, so sends pile up.
            h.connection.sendBinary(new byte[80]);
            assertThat(h.connection.bufferedAmount()).isGreaterThanOrEqualTo(80);
            var third = h.connection.sendBinary(new byte[80]).toCompletableFuture();
            assertThat(third).isCompletedExceptionally();
            List<ServerFrame> frames = h.frames();
            assertThat(frames.get(frames.size() - 1).closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void slowConsumerPolicyDropFailsTheSendAndKeepsTheSession() {
        WebSocketConfig config = WebSocketConfig.builder().maxBufferedAmount(100)
                .slowConsumerPolicy(WebSocketConfig.SlowConsumerPolicy.DROP).build();
        try (Harness h = new Harness(config)) {
            h.connection.sendBinary(new byte[80]);
            var dropped = h.connection.sendBinary(new byte[80]).toCompletableFuture();
            assertThat(dropped).isCompletedExceptionally();
            assertThat(h.frames()).hasSize(1);
            assertThat(h.connection.isOpen()).isTrue();
            assertThat(h.connection.bufferedAmount()).isZero();
        }
    }

    @Test
    void broadcastReachesEverySessionButTheExceptedOne() {
        try (Harness h = Harness.withDefaults()) {
            h.connection.endpoint().broadcastText("to all");
            assertThat(h.onlyFrame().text()).isEqualTo("to all");
            h.connection.endpoint().broadcastText("not to me", h.connection);
            assertThat(h.frames()).isEmpty();
            h.connection.endpoint().broadcastBinary(new byte[] {9}, null);
            assertThat(h.onlyFrame().payload()).containsExactly(9);
            assertThat(h.connection.endpoint().sessionCount()).isEqualTo(1);
            h.channel.close();
            h.listener.next(RecordingListener.Close.class);
            assertThat(h.connection.endpoint().sessionCount()).isZero();
        }
    }

    @Test
    void sendingToChosenSessionsWritesOnlyToThem() {
        try (Harness h = Harness.withDefaults()) {
            h.connection.endpoint().sendText("to the chosen", List.of(h.connection), true);
            assertThat(h.onlyFrame().text()).isEqualTo("to the chosen");
            h.connection.endpoint().sendText("to nobody", List.of(), true);
            WebSocketEndpoint other = WebSocketEndpoint.builder("/other", new WebSocketListener() { }).build();
            other.sendText("from another endpoint", List.of(h.connection), true);
            assertThat(h.frames()).isEmpty();
        }
    }

    @Test
    void errorsCarryTheirCloseCode() {
        try (Harness h = Harness.withDefaults()) {
            h.send(h.client.frame(true, 0, 3, new byte[0]));
            h.onlyFrame();
            RecordingListener.Error error = h.listener.next(RecordingListener.Error.class);
            assertThat(error.error()).isInstanceOfSatisfying(WebSocketProtocolException.class,
                    e -> assertThat(e.closeCode()).isEqualTo(1002));
            h.listener.next(RecordingListener.Close.class);
        }
    }
}
