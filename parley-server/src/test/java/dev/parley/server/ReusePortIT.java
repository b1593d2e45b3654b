package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.internal.Transports;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two servers on one port with {@code SO_REUSEPORT} (what several processes do to pass one process's file
 * limit): both bind, and the kernel hands connections to both. Each server answers with its own name.
 */
class ReusePortIT {
    private static final int CONNECTIONS = 40;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ParleyServer> servers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ParleyServer server : servers) {
            server.stop();
        }
    }

    private ParleyServer start(int port, boolean reusePort, Transport transport, String name)
            throws InterruptedException {
        ParleyServer server = new ParleyServer(ServerConfig.builder().port(port).reusePort(reusePort)
                .transport(transport).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/name", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocketSession session) {
                        session.sendText(name);
                    }
                }).build());
        server.start();
        servers.add(server);
        return server;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"EPOLL", "IO_URING", "NIO"})
    void twoServersShareAPortAndBothGetConnections(Transport transport) throws Exception {
        assumeTrue(Transports.loadable().contains(transport), transport + " does not load here");
        int port = start(0, true, transport, "a").port();
        start(port, true, transport, "b");
        int a = 0;
        int b = 0;
        for (int i = 0; i < CONNECTIONS; i++) {
            CompletableFuture<String> name = new CompletableFuture<>();
            WebSocket socket = http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/name"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            name.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            String answer = name.get(10, TimeUnit.SECONDS);
            if (answer.equals("a")) {
                a++;
            } else if (answer.equals("b")) {
                b++;
            }
            socket.abort();
        }
        // The kernel hashes each connection's addresses to a listener: 40 all on one would be a 2^-39 chance.
        assertThat(a + b).isEqualTo(CONNECTIONS);
        assertThat(a).isPositive();
        assertThat(b).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"EPOLL", "IO_URING", "NIO"})
    void withoutTheOptionTheSecondBindFails(Transport transport) throws Exception {
        assumeTrue(Transports.loadable().contains(transport), transport + " does not load here");
        int port = start(0, false, transport, "a").port();
        ParleyServer second = new ParleyServer(ServerConfig.builder().port(port).transport(transport).build());
        assertThatThrownBy(second::start).hasMessageContaining("in use");
    }
}
