package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Sign out everywhere" against connection state recovery (its two minutes, {@link ParleyChat#open(ChatConfig)}),
 * with the official Node client ({@code chat-revoked-recovery.mjs}): a connection that was away when its session
 * was revoked comes back recovered, since recovery skips the handshake, and is then told {@code session:revoked}
 * and disconnected, instead of living on with a revoked token.
 */
class ChatAccountsRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void aConnectionRecoveredAfterItsSessionWasRevokedIsDisconnected() throws Exception {
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        try (ParleyChat chat = ParleyChat.open(ChatConfig.builder().dataDir(dataDir).build())) {
            chat.mount(server);
            server.start();
            try (NodeProcess devices = NodeProcess.start(Map.of(), "chat-revoked-recovery.mjs", server.url(),
                    "a password long enough")) {
                devices.await(l -> l.equals("{\"ev\":\"done\"}"), WAIT);
                assertThat(devices.printed(l -> true)).containsExactly(
                        // The client closed its own transport: "forced close" on its side, a drop for the server.
                        "{\"ev\":\"dropped\",\"reason\":\"forced close\",\"canRecover\":true}",
                        "{\"ev\":\"signed-out\",\"ack\":{\"ok\":true,\"revoked\":2}}",
                        "{\"ev\":\"resumed\",\"recovered\":true}",
                        "{\"ev\":\"revoked\",\"code\":\"signed_out\"}",
                        "{\"ev\":\"closed\",\"reason\":\"io server disconnect\"}");
            } finally {
                server.stop();
            }
        }
    }
}
