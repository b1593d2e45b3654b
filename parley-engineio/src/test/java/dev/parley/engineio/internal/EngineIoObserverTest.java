package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoObserver;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.spi.HandlerDispatch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a session tells its {@link EngineIoObserver}: its opening on a transport, messages each way with
 * their sizes, the handler delay, and a slow consumer's close, with the transport it had.
 */
class EngineIoObserverTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ManualTimer timer = new ManualTimer();

    private final EngineIoObserver observer = new EngineIoObserver() {
        @Override
        public void sessionOpened(String transport) {
            events.add("opened " + transport);
        }

        @Override
        public void sessionClosed(String transport, CloseReason reason) {
            events.add("closed " + transport + " " + reason);
        }

        @Override
        public void messageReceived(String transport, int size) {
            events.add("received " + transport + " " + size);
        }

        @Override
        public void messageSent(String transport, int size) {
            events.add("sent " + transport + " " + size);
        }

        @Override
        public void slowConsumerClosed() {
            events.add("slow consumer");
        }

        @Override
        public void handlerQueueDelay(long nanos) {
            events.add("delay");
        }
    };

    @Test
    void messagesAndASlowConsumerAreReportedWithTheTransport() {
        EngineIoConfig config = EngineIoConfig.builder().maxBufferedAmount(15)
                .pingInterval(Duration.ofMinutes(1)).observer(observer).build();
        EngineCore core = new EngineCore(config, new EngineIoListener() { });
        core.start(HandlerDispatch.inline(false), timer, timer::now);
        EngineSession session = core.newSession(new HandshakeRequest(config.path(), Map.of(), Map.of(),
                new InetSocketAddress(0), false), null);
        session.openWithPolling(new PollingTransport(session), "{}");
        // A polling client that sent its handshake and never polls: nothing can be written to it.
        assertThat(events).containsExactly("opened polling");
        events.clear();
        session.onPost(List.of(EnginePacket.message("hello")));
        assertThat(events).containsExactly("received polling 5", "delay");

        events.clear();
        session.send("0123456789", false); // 11 bytes queued ("4" and the text): under the limit, kept
        session.send("0123456789", false); // 22: the client does not take what it is sent
        assertThat(events).containsExactly("sent polling 10", "sent polling 10", "slow consumer",
                "closed polling TRANSPORT_ERROR");
        assertThat(session.isOpen()).isFalse();
    }
}
