package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat's attempt limits over two {@code parley serve} nodes (one PostgreSQL database, one Redis) with the
 * official Java Socket.IO client: registrations per address and failed session tokens per address are counted
 * on both nodes together, so a client spreading its attempts over the nodes gets one budget, not one per node.
 */
class ChatClusterThrottleIT {
    private static final long WAIT_SECONDS = 20;
    private static final int REGISTRATIONS = 4;
    private static final int FAILURES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

    private static TwoChatNodes nodes;
    private static ServeProcess nodeA;
    private static ServeProcess nodeB;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        nodes = TwoChatNodes.start("parley-chat-throttle-", dataDir, Map.of(
                "PARLEY_REGISTRATION_LIMIT", String.valueOf(REGISTRATIONS),
                "PARLEY_AUTH_FAILURE_LIMIT", String.valueOf(FAILURES)));
        nodeA = nodes.a;
        nodeB = nodes.b;
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(Socket::close);
    }

    /** The {@code code} of the connection's refusal, or null if it was accepted. */
    private String refusal(ServeProcess node, Map<String, String> auth) throws Exception {
        Socket socket = TwoChatNodes.socket(node, auth);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> outcome.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> outcome.complete(a[0] instanceof JSONObject error
                && error.optJSONObject("data") != null ? error.optJSONObject("data").optString("code", "?")
                : String.valueOf(a[0])));
        socket.connect();
        sockets.add(socket);
        return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static String unknownToken() {
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @Test
    void registrationsFromOneAddressAreCountedOnBothNodes() throws Exception {
        for (int i = 0; i < REGISTRATIONS; i++) {
            ServeProcess node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(refusal(node, Map.of("nickname", "newcomer" + i))).as("registration %d", i).isNull();
        }
        // Each node saw only half of them: counted apart, both would still admit two more.
        assertThat(refusal(nodeA, Map.of("nickname", "one-more"))).isEqualTo("registration_limited");
        assertThat(refusal(nodeB, Map.of("nickname", "another-one"))).isEqualTo("registration_limited");
    }

    @Test
    void failedTokensFromOneAddressAreCountedOnBothNodes() throws Exception {
        for (int i = 0; i < FAILURES; i++) {
            ServeProcess node = i % 2 == 0 ? nodeA : nodeB;
            assertThat(refusal(node, Map.of("token", unknownToken()))).as("guess %d", i).isEqualTo("token_invalid");
        }
        // The same reply for every guess past the limit, on either node: the tokens are not even looked up.
        assertThat(refusal(nodeB, Map.of("token", unknownToken()))).isEqualTo("rate_limited");
        assertThat(refusal(nodeA, Map.of("token", unknownToken()))).isEqualTo("rate_limited");
    }
}
