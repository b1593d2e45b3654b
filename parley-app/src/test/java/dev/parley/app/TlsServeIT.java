package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.testkit.Chromium;
import dev.parley.testkit.NodeScripts;
import dev.parley.testkit.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code parley serve --app echo} with TLS, as a user runs it, against the official socket.io-client in Node
 * (trusting the test CA through {@code NODE_EXTRA_CA_CERTS}), the socket.io browser client in Chromium (trusting
 * it through its NSS store) and the JDK's HttpClient.
 */
class TlsServeIT {
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    private static TestPki pki;
    private static Process process;
    private static String url;
    private static final List<String> startup = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create();
        TestPki.Issued cert = pki.issue("serve", "parley-serve", TestPki.KeyFormat.PKCS1_RSA, true);
        process = ServeProcess.startMain(Map.of(), true, "serve", "--app", "echo", "--port", "0",
                "--tls-cert", cert.chainPem().toString(), "--tls-key", cert.keyPem().toString());
        url = awaitRunning(process, startup);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            assertThat(process.waitFor(ServeProcess.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Reads the process's output until "Parley is running at URL"; returns the URL, the lines before it in {@code lines}. */
    private static String awaitRunning(Process p, List<String> lines) throws InterruptedException {
        BlockingQueue<String> running = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("Parley is running at ")) {
                        running.add(line.substring("Parley is running at ".length()).split(" ")[0]);
                    } else {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String found = running.poll(ServeProcess.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(found).as("parley serve started; it printed %s", lines).isNotNull();
        return found.endsWith("/") ? found.substring(0, found.length() - 1) : found;
    }

    @Test
    void startsOnHttpsWithOpenSsl() {
        assertThat(url).startsWith("https://127.0.0.1:");
        synchronized (startup) {
            assertThat(startup).anyMatch(l -> l.contains("TLS by OpenSSL (BoringSSL); TLS 1.2 and 1.3, ALPN http/1.1"));
            assertThat(startup).anyMatch(l -> l.contains("TLS certificate from") && l.contains("CN=parley-serve")
                    && l.contains("1 intermediate(s)"));
        }
    }

    @Test
    void theOfficialSocketIoClientConnectsOverPollingAndWebSocket() {
        for (String transport : List.of("polling", "websocket")) {
            NodeScripts.Result result = NodeScripts.run(NODE_TIMEOUT,
                    Map.of("NODE_EXTRA_CA_CERTS", pki.caPem().toString()), "sio-echo-tls.mjs", url, transport);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.lines()).as(transport).containsExactly(
                    "{\"ev\":\"connect\",\"transport\":\"" + transport + "\",\"secure\":true}",
                    "{\"ev\":\"message-back\",\"args\":[\"over tls\",{\"n\":1}]}",
                    "{\"ev\":\"ack\",\"args\":[\"acked\"]}",
                    "{\"ev\":\"disconnect\",\"reason\":\"io client disconnect\"}",
                    "{\"ev\":\"done\"}");
        }
    }

    @Test
    void aNodeClientThatDoesNotTrustTheCaIsRefused() {
        NodeScripts.Result result = NodeScripts.run(NODE_TIMEOUT, Map.of(), "sio-echo-tls.mjs", url, "websocket");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("connect_error");
    }

    @Test
    void chromiumTrustingTheCaConnectsWithTheSocketIoBrowserClient() {
        try (Chromium chromium = Chromium.launchTrusting(pki.caPem());
                BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            // Any page of the server's origin will do: the client bundle it serves.
            assertThat(page.navigate(url + "/socket.io/socket.io.js").status()).isEqualTo(200);
            page.addScriptTag(new Page.AddScriptTagOptions().setUrl(url + "/socket.io/socket.io.js"));
            Object result = page.evaluate("""
                    () => new Promise((resolve, reject) => {
                      const socket = io({ reconnection: false });
                      socket.on('connect_error', (e) => reject(new Error('connect_error: ' + e.message)));
                      socket.on('connect', () => socket.emit('message-with-ack', 'from chromium', (reply) => {
                        const upgraded = () => resolve({ reply, transport: socket.io.engine.transport.name,
                                                         secure: location.protocol });
                        if (socket.io.engine.transport.name === 'websocket') upgraded();
                        else socket.io.engine.once('upgrade', upgraded);
                      }));
                    })""");
            @SuppressWarnings("unchecked") Map<String, Object> reply = (Map<String, Object>) result;
            // Polling first, then the upgrade to wss.
            assertThat(reply).containsEntry("reply", "from chromium").containsEntry("transport", "websocket")
                    .containsEntry("secure", "https:");
        }
    }

    @Test
    void theJdkHttpClientDoesTheSocketIoPollingHandshake() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pki.sslContext()).build();
        HttpResponse<String> open = client.send(HttpRequest.newBuilder(
                URI.create(url + "/socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":\"");
        String sid = open.body().replaceFirst("^0\\{\"sid\":\"([^\"]+)\".*$", "$1");
        String session = url + "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        HttpResponse<String> connect = client.send(HttpRequest.newBuilder(URI.create(session))
                .POST(HttpRequest.BodyPublishers.ofString("40")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(connect.body()).isEqualTo("ok");
        HttpResponse<String> connected = client.send(HttpRequest.newBuilder(URI.create(session)).build(),
                HttpResponse.BodyHandlers.ofString());
        // The namespace's CONNECT with the socket id, then the echo application's auth event.
        assertThat(connected.body()).startsWith("40{\"sid\":\"").contains("42[\"auth\"");
    }
}
