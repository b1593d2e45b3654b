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
 * Connection state recovery of the chat on one server (its two minutes, {@link ParleyChat#open(ChatConfig)}),
 * with the official client ({@code chat-cluster-recovery.mjs} with both URLs the same): a user whose
 * connection drops comes back recovered, gets the room's messages it missed once and in order, and can send
 * in the room without joining again, as the web client does after a recovery.
 */
class ChatRecoveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aRecoveredUserIsStillInItsRoomsAndMissedNothing() throws Exception {
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        try (ParleyChat chat = ParleyChat.open(ChatConfig.builder().dataDir(dataDir).build())) {
            chat.mount(server);
            server.start();
            try (NodeProcess users = NodeProcess.start(Map.of(), "chat-cluster-recovery.mjs", server.url(), server.url(),
                    "ops", "3", "recovered")) {
                users.await(l -> l.contains("\"ev\":\"dropped\""), WAIT);
                users.send("go on");
                users.await(l -> l.equals("{\"ev\":\"done\"}"), WAIT);
                String output = String.join("\n", users.printed(l -> true));
                assertThat(output).contains("{\"ev\":\"resumed\",\"recovered\":true,\"sameId\":true}")
                        .contains("{\"ev\":\"received\",\"texts\":[\"before\",\"missed-1\",\"missed-2\",\"missed-3\",\"back\"]}");
            } finally {
                server.stop();
            }
        }
    }
}
