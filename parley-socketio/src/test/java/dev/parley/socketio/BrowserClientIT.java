package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.Chromium;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official browser bundle, as served at {@code /socket.io/socket.io.js}, in headless Chromium: it loads,
 * connects (polling, then upgrade to the browser's WebSocket), exchanges events, acks and binaries.
 */
class BrowserClientIT {
    private static Chromium chromium;
    private SocketIoServer io;
    private ParleyServer server;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.defaults());
        io.onConnection(socket -> {
            socket.on("echo", args -> args.ack(args.all().toArray()));
            socket.on("transport", args -> args.ack(socket.transport()));
            socket.emit("welcome", Map.of("id", socket.id()), new byte[] {1, 2, 3});
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        io.close();
    }

    @Test
    void theServedBundleConnectsUpgradesAndExchangesEventsAcksAndBinaries() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(server.url() + "/");
            Object result = page.evaluate("""
                    async () => {
                      await new Promise((resolve, reject) => {
                        const s = document.createElement('script');
                        s.src = '/socket.io/socket.io.js';
                        s.onload = resolve;
                        s.onerror = reject;
                        document.head.appendChild(s);
                      });
                      const socket = io();
                      const welcome = await new Promise(resolve =>
                        socket.on('welcome', (info, bytes) => resolve([info.id === socket.id, Array.from(new Uint8Array(bytes))])));
                      await new Promise(resolve => socket.io.engine.transport.name === 'websocket'
                        ? resolve() : socket.io.engine.once('upgrade', resolve));
                      // emitWithAck resolves with the first ack argument only: collect them all with a callback.
                      const echoed = await new Promise(resolve =>
                        socket.emit('echo', 'héllo ✓', { n: 1 }, new Uint8Array([9, 8, 7]), (...args) => resolve(args)));
                      const transport = await socket.emitWithAck('transport');
                      socket.disconnect();
                      return [welcome[0], welcome[1], echoed[0], echoed[1].n, Array.from(new Uint8Array(echoed[2])),
                              transport];
                    }
                    """);
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) result;
            assertThat(values).containsExactly(true, List.of(1, 2, 3), "héllo ✓", 1, List.of(9, 8, 7), "websocket");
        }
    }
}
