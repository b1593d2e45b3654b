package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoTraffic;
import dev.parley.engineio.PreparedMessage;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.spi.HandlerDispatch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's message totals ({@link EngineIoServer#traffic()}): nothing before counting starts, then every
 * message each way with the size of its data, whether sent alone or prepared for many.
 */
class TrafficCounterTest {
    private final ManualTimer timer = new ManualTimer();

    @Test
    void messagesAreCountedEachWayOnlyOnceCountingStarted() {
        EngineIoConfig config = EngineIoConfig.builder().pingInterval(Duration.ofMinutes(1)).build();
        EngineIoServer server = new EngineIoServer(config, new EngineIoListener() { });
        EngineCore core = (EngineCore) server.internal();
        core.start(HandlerDispatch.inline(false), timer, timer::now);
        EngineSession session = core.newSession(new HandshakeRequest(config.path(), Map.of(), Map.of(),
                new InetSocketAddress(0), false), null);
        session.openWithPolling(new PollingTransport(session), "{}");

        session.onPost(List.of(EnginePacket.message("before")));
        session.send("before", false);
        assertThat(server.traffic()).isEqualTo(EngineIoTraffic.NONE);

        server.countTraffic();
        server.countTraffic(); // again: the same totals go on
        session.onPost(List.of(EnginePacket.message("hello"), EnginePacket.message(new byte[7])));
        session.send("0123456789", false);
        session.send(new byte[3], false);
        try (PreparedMessage a = server.prepare("abc"); PreparedMessage b = server.prepare(new byte[2])) {
            session.send(List.of(a, b), false);
        }
        // In: "hello" and 7 bytes; out: 10 characters, 3 bytes, then "abc" and 2 bytes.
        assertThat(server.traffic()).isEqualTo(new EngineIoTraffic(2, 12, 4, 18));
    }
}
