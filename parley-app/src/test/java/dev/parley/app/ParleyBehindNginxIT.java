package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two {@code parley serve --app echo} nodes, a cluster over Redis, behind a real nginx running the shipped
 * docs/deploy/parley.conf with TLS: the official socket.io-client in Node (trusting the test CA) over polling
 * only, WebSocket only and polling-then-upgrade, events both ways, a broadcast reaching the clients of both
 * nodes, polling clients kept on their node by the node cookie, and the client address Parley sees; last, a
 * node crashes and its clients are sent to the other one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParleyBehindNginxIT {
    /** A second loopback address: a client there is not nginx, whose address (127.0.0.1) the nodes trust. */
    private static final String OTHER_CLIENT_ADDRESS = "127.0.0.2";
    /** What the spoofing clients claim to be in their own X-Forwarded-For (TEST-NET-3). */
    private static final String SPOOFED_ADDRESS = "203.0.113.66";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "(\\d{3}) (\\S+) (\\S+) cookie=(\\S*) upstream=(.*) upstream_status=(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ParleyBehindNginx deployment;

    @BeforeAll
    static void start() throws Exception {
        // Heartbeats every second, so that the polling clients go through several poll cycles in a few seconds.
        deployment = ParleyBehindNginx.start("echo", Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"),
                "--ping-interval", "1000", "--ping-timeout", "2000");
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Order(1)
    void officialClientsOverEveryTransportStayOnTheirNodeAndReachBothNodes() throws Exception {
        NodeScripts.Result run = NodeScripts.run(SCRIPT_TIMEOUT,
                Map.of("NODE_EXTRA_CA_CERTS", deployment.ca.caCertificate().toString()),
                "sio-behind-proxy.mjs", deployment.httpsUrl(), OTHER_CLIENT_ADDRESS, SPOOFED_ADDRESS, "2500");
        assertThat(run.exitCode()).as(run + "\nnginx: " + deployment.nginx.errorLog()).isZero();
        List<JsonNode> clients = new ArrayList<>();
        for (String line : run.lines()) {
            JsonNode observation = JSON.readTree(line);
            if (observation.get("ev").asText().equals("client")) {
                clients.add(observation);
            }
        }
        assertThat(clients).as(run.toString()).hasSize(10);

        Set<String> nodes = new HashSet<>();
        Set<String> pollingNodes = new HashSet<>();
        for (JsonNode client : clients) {
            String name = client.get("name").asText();
            String kind = client.get("kind").asText();
            assertThat(client.get("echo").asBoolean()).as(name + " got message-back").isTrue();
            assertThat(client.get("acked").asBoolean()).as(name + " got its ack").isTrue();
            assertThat(client.get("joined").asBoolean()).as(name + " joined the room").isTrue();
            assertThat(client.get("news").get(0).asText()).as(name + " got the broadcast").isEqualTo("hello from polling-1");
            String node = switch (kind) {
                case "polling" -> {
                    assertThat(client.get("transport").asText()).as(name).isEqualTo("polling");
                    // Its session lived through the 2.5 s of acks, over two heartbeats at least (how many acks fit
                    // in them depends on the machine's load).
                    assertThat(client.get("soakAcks").asInt()).as(name + " kept polling").isPositive();
                    // Never re-pinned: every response of the session came from the node that opened it.
                    assertThat(client.get("pollingNodeAtEnd").asText()).as(name).isEqualTo(client.get("pollingNode").asText());
                    pollingNodes.add(client.get("pollingNode").asText());
                    yield client.get("pollingNode").asText();
                }
                case "websocket" -> {
                    assertThat(client.get("transport").asText()).as(name).isEqualTo("websocket");
                    assertThat(client.get("upgraded").asBoolean()).as(name).isFalse();
                    yield client.get("webSocketNode").asText();
                }
                default -> {
                    // The upgrade happened, and the WebSocket went to the node of the polling session.
                    assertThat(client.get("upgraded").asBoolean()).as(name + " upgraded").isTrue();
                    assertThat(client.get("transport").asText()).as(name).isEqualTo("websocket");
                    assertThat(client.get("webSocketNode").asText()).as(name).isEqualTo(client.get("pollingNode").asText());
                    yield client.get("pollingNode").asText();
                }
            };
            assertThat(node).as(name + "'s node").isIn("a", "b");
            nodes.add(node);
            // The real client address: nginx's own for the others, the second loopback address for the spoofers,
            // whatever X-Forwarded-For they sent.
            String expectedAddress = name.startsWith("spoofing") ? OTHER_CLIENT_ADDRESS : ParleyBehindNginx.NGINX_ADDRESS;
            assertThat(client.get("address").asText()).as(name + "'s address as Parley saw it").isEqualTo(expectedAddress);
        }
        assertThat(pollingNodes).as("polling clients on both nodes").containsExactlyInAnyOrder("a", "b");
        assertThat(nodes).as("the broadcast reached clients of both nodes").containsExactlyInAnyOrder("a", "b");
        assertEveryRequestWentToItsNode();
    }

    /**
     * nginx's access log: every Engine.IO request that carried a node cookie was answered by that node, and none
     * was refused (a request on the wrong node gets 400 "Session ID unknown"; nginx's own errors are 4xx/5xx).
     */
    private static void assertEveryRequestWentToItsNode() throws Exception {
        List<String> lines = deployment.nginx.accessLog();
        int pinned = 0;
        for (String line : lines) {
            Matcher m = ACCESS_LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            if (!m.group(3).startsWith("/socket.io/")) {
                continue;
            }
            // 499: a poll still open when the script's process ended (nginx's "client closed the request").
            assertThat(m.group(1)).as(line).isIn("101", "200", "499");
            String cookie = m.group(4);
            if (!cookie.equals("-") && !cookie.isEmpty()) {
                assertThat(deployment.nodeName(m.group(5))).as(line).isEqualTo(cookie);
                pinned++;
            }
        }
        assertThat(pinned).as("requests that followed the node cookie").isGreaterThan(20);
    }

    @Test
    @Order(2)
    void plainHttpIsRedirectedToHttps() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(deployment.httpUrl() + "/socket.io/?EIO=4"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(301);
        // The docs' server listens on 443, the default port of https: the Location names no port.
        assertThat(response.headers().firstValue("Location")).hasValue("https://127.0.0.1/socket.io/?EIO=4");
    }

    /** Kills node a: runs last. */
    @Test
    @Order(3)
    void whenANodeDiesTheClientsPinnedToItGoToTheOtherAndArePinnedThere() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(deployment.ca)).build();
        // An Engine.IO handshake from a client pinned to node a, as a browser is after its first response.
        HttpResponse<String> before = handshake(https, "parley_node=a");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Set-Cookie")).hasValue("parley_node=a; Path=/; Secure; HttpOnly; SameSite=Lax");

        deployment.nodeA.process.destroyForcibly().waitFor(); // a crash: no goodbye to anyone
        HttpResponse<String> after = handshake(https, "parley_node=a");
        // The backup server of node a's upstream, node b, opened the session, and its cookie moves the client.
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).startsWith("0{\"sid\":");
        assertThat(after.headers().firstValue("Set-Cookie")).hasValue("parley_node=b; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    private static HttpResponse<String> handshake(HttpClient https, String cookie) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create(deployment.httpsUrl() + "/socket.io/?EIO=4&transport=polling"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** TLS that trusts the test CA only. */
    private static SSLContext trusting(TestCa ca) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(ca.caCertificate())) {
            trusted.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
