package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.spi.HandlerDispatch;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineIoServer#sockets()} lists the open sessions only: a session registered by a handshake that has not
 * given it a transport yet has no {@code transport()} to report (the admin UI's stats iterate the list and ask).
 */
class EngineSocketsTest {
    private final ManualTimer timer = new ManualTimer();

    @Test
    void aSessionStillInItsHandshakeIsNotListedAndEveryListedOneHasATransport() {
        EngineIoConfig config = EngineIoConfig.builder().pingInterval(Duration.ofMinutes(1)).build();
        EngineIoServer server = new EngineIoServer(config, new EngineIoListener() { });
        EngineCore core = (EngineCore) server.internal();
        core.start(HandlerDispatch.inline(false), timer, timer::now);
        HandshakeRequest request = new HandshakeRequest(config.path(), Map.of(), Map.of(), new InetSocketAddress(0), false);
        EngineSession opening = core.newSession(request, null);
        EngineSession open = core.newSession(request, null);
        open.openWithPolling(new PollingTransport(open), "{}");

        assertThat(core.clientsCount()).as("both registered").isEqualTo(2);
        assertThat(server.sockets()).as("only the opened one listed").containsExactly(open);
        assertThat(server.sockets()).extracting(EngineIoSocket::transport).containsExactly("polling");

        opening.openWithPolling(new PollingTransport(opening), "{}");
        assertThat(server.sockets()).containsExactlyInAnyOrder(open, opening);
    }
}
