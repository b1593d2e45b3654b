package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a connection tells its {@link WebSocketObserver}: opens, messages and bytes both ways, close codes. */
class WebSocketObserverTest {
    /** Records each call as a line: "opened /test", "closed /test 4001" ... */
    static final class Recorder implements WebSocketObserver {
        final List<String> events = new ArrayList<>();
        long bytesIn;
        long bytesOut;
        int delays;
        int slowConsumers;

        @Override
        public void slowConsumerClosed(String path) {
            slowConsumers++;
        }

        @Override
        public void opened(String path) {
            events.add("opened " + path);
        }

        @Override
        public void closed(String path, int code) {
            events.add("closed " + path + " " + code);
        }

        @Override
        public void messageReceived(String path) {
            events.add("received " + path);
        }

        @Override
        public void bytesReceived(String path, long bytes) {
            bytesIn += bytes;
        }

        @Override
        public void messageSent(String path, long bytes) {
            events.add("sent " + path);
            bytesOut += bytes;
        }

        @Override
        public void handlerQueueDelay(String path, long nanos) {
            assertThat(nanos).isNotNegative();
            delays++;
        }
    }

    @Test
    void countsMessagesWireBytesAndThePeersCloseCode() {
        Recorder observer = new Recorder();
        try (Harness h = new Harness(WebSocketConfig.defaults(), null, observer)) {
            h.listener.echo = true;
            byte[] hello = h.client.text("Hello");
            h.send(hello);
            assertThat(h.onlyFrame().text()).isEqualTo("Hello");
            h.send(h.client.close(4001, "done"));
            h.frames();
            assertThat(observer.events).containsExactly("opened /test", "received /test", "sent /test",
                    "closed /test 4001");
            // in: the masked text frame (2 + 4 + 5) and the masked close frame (2 + 4 + 2 + 4)
            assertThat(observer.bytesIn).isEqualTo(hello.length + 12).isEqualTo(23);
            assertThat(observer.bytesOut).isEqualTo(2 + 5); // the echo, unmasked; control frames are not counted
            assertThat(observer.delays).isEqualTo(1); // the text; the close frame is not a message
        }
    }

    @Test
    void aProtocolViolationClosesWithItsCode() {
        Recorder observer = new Recorder();
        try (Harness h = new Harness(WebSocketConfig.defaults(), null, observer)) {
            h.send(ClientFrames.unmasked(true, Opcodes.TEXT, "hi".getBytes(StandardCharsets.UTF_8)));
            h.assertFailedWith(CloseCodes.PROTOCOL_ERROR);
            assertThat(observer.events).containsExactly("opened /test", "closed /test 1002");
        }
    }

    @Test
    void aSlowConsumerCloseIsReportedOnce() {
        Recorder observer = new Recorder();
        try (Harness h = new Harness(WebSocketConfig.builder().maxBufferedAmount(150).build(), null, observer)) {
            String big = "x".repeat(100);
            // Unflushed, the first frame is still buffered: the second and third would pass the limit.
            h.connection.sendText(big, true);
            h.connection.sendText(big, true);
            h.connection.sendText(big, true);
            assertThat(h.frames()).extracting(ServerFrame::opcode).containsExactly(Opcodes.TEXT, Opcodes.CLOSE);
            assertThat(observer.slowConsumers).isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatEndsWithoutACloseFrameIs1006() {
        Recorder observer = new Recorder();
        try (Harness h = new Harness(WebSocketConfig.defaults(), null, observer)) {
            h.channel.close();
            assertThat(observer.events).containsExactly("opened /test", "closed /test 1006");
        }
    }
}
