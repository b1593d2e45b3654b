package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.LogTap;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.TestPki;
import dev.parley.testkit.TestPki.Issued;
import dev.parley.testkit.TestPki.KeyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS on the main port, with both providers (BoringSSL through netty-tcnative, the JDK's), against the JDK's
 * HTTP and WebSocket clients and {@link SSLSocket}s that trust only a test CA made for the run.
 */
class TlsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestPki pki;
    private ParleyServer server;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create();
    }

    @AfterAll
    static void removePki() throws IOException {
        try (var files = Files.walk(pki.dir())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private ParleyServer start(TlsConfig tls) throws InterruptedException {
        return start(tls, ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    private ParleyServer start(TlsConfig tls, Duration handshakeTimeout) throws InterruptedException {
        EngineIoServer engine = new EngineIoServer(EngineIoConfig.builder().path("/engine.io/").build(),
                new EngineIoListener() { });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .handshakeTimeout(handshakeTimeout).tls(tls).build())
                .addEndpoint(EchoEndpoint.create())
                .addEngineIo(engine)
                .start();
        return server;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().sslContext(pki.sslContext()).build();
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void servesPagesPollingAndWebSocketsOverTls(TlsConfig.Provider provider) throws Exception {
        Issued cert = pki.issue("plain-" + provider, "parley-" + provider, KeyFormat.PKCS8_EC);
        start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withProvider(provider));
        assertThat(server.url()).startsWith("https://127.0.0.1:");
        assertThat(server.tlsProvider()).hasValueSatisfying(name ->
                assertThat(name).startsWith(provider == TlsConfig.Provider.JDK ? "JDK" : "OpenSSL"));

        HttpClient client = client();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html");
        assertThat(page.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

        HttpResponse<String> handshake = client.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/engine.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).startsWith("0{\"sid\":");

        try (Echo echo = Echo.open(client, server.url().replace("https://", "wss://") + EchoEndpoint.PATH)) {
            assertThat(echo.roundTrip("over wss ✓")).isEqualTo("over wss ✓");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void renewedCertificateServesNewConnectionsWhileOpenOnesGoOn(TlsConfig.Provider provider) throws Exception {
        Path live = Files.createTempDirectory(pki.dir(), "live");
        Issued a = pki.issue("a-" + provider, "cert-a", KeyFormat.PKCS8_RSA);
        Issued b = pki.issue("b-" + provider, "cert-b", KeyFormat.PKCS1_RSA);
        // certbot's layout: live/cert.pem -> a version folder; a renewal points the link at a new one.
        Path versionA = Files.createDirectory(live.resolve("v1"));
        Files.copy(a.chainPem(), versionA.resolve("fullchain.pem"));
        Files.copy(a.keyPem(), versionA.resolve("privkey.pem"));
        Path current = Files.createSymbolicLink(live.resolve("current"), versionA.getFileName());
        start(TlsConfig.pem(current.resolve("fullchain.pem"), current.resolve("privkey.pem"))
                .withProvider(provider).withReloadInterval(Duration.ofMillis(100)));
        assertThat(peerLeaf()).isEqualTo(a.leaf());

        HttpClient client = client();
        try (Echo echo = Echo.open(client, server.url().replace("https://", "wss://") + EchoEndpoint.PATH)) {
            assertThat(echo.roundTrip("before")).isEqualTo("before");

            Path versionB = Files.createDirectory(live.resolve("v2"));
            Files.copy(b.chainPem(), versionB.resolve("fullchain.pem"));
            Files.copy(b.keyPem(), versionB.resolve("privkey.pem"));
            Path swap = Files.createSymbolicLink(live.resolve("current.new"), versionB.getFileName());
            Files.move(swap, current, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

            await().atMost(WAIT).untilAsserted(() -> assertThat(peerLeaf()).isEqualTo(b.leaf()));
            assertThat(peerLeaf().getSubjectX500Principal().getName()).isEqualTo("CN=cert-b");
            assertThat(echo.roundTrip("after the renewal")).isEqualTo("after the renewal");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void badNewFilesAreRefusedAndTheOldCertificateKept(TlsConfig.Provider provider) throws Exception {
        Path dir = Files.createTempDirectory(pki.dir(), "bad");
        Issued a = pki.issue("keep-" + provider, "cert-kept", KeyFormat.SEC1_EC);
        Issued other = pki.issue("other-" + provider, "cert-other", KeyFormat.PKCS8_EC);
        Path chain = Files.copy(a.chainPem(), dir.resolve("chain.pem"));
        Path key = Files.copy(a.keyPem(), dir.resolve("key.pem"));
        try (LogTap log = LogTap.start()) {
            start(TlsConfig.pem(chain, key).withProvider(provider).withReloadInterval(Duration.ofMillis(100)));
            Files.writeString(chain, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
            await().atMost(WAIT).until(() -> !log.containing("refused the changed certificate").isEmpty());
            assertThat(peerLeaf()).isEqualTo(a.leaf());

            // A new certificate beside the old key (a renewal half written) is refused too.
            Files.copy(other.chainPem(), chain, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(WAIT).until(() -> !log.containing("does not match the certificate").isEmpty());
            assertThat(peerLeaf()).isEqualTo(a.leaf());

            // Its key arrives: now it loads.
            Files.copy(other.keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(WAIT).untilAsserted(() -> assertThat(peerLeaf()).isEqualTo(other.leaf()));
            assertThat(log.containing("refused the changed certificate")).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyFormat.class)
    void readsEveryKeyFormatAndServesTheIntermediate(KeyFormat format) throws Exception {
        Issued cert = pki.issue("chain-" + format, "chained-" + format, format, true);
        assertThat(TestPki.pemLabels(cert.chainPem())).hasSize(2);
        assertThat(TestPki.pemLabels(cert.keyPem())).singleElement().asString().contains(switch (format) {
            case PKCS8_RSA, PKCS8_EC -> "BEGIN PRIVATE KEY";
            case PKCS1_RSA -> "BEGIN RSA PRIVATE KEY";
            case SEC1_EC -> "BEGIN EC PRIVATE KEY";
        });
        for (TlsConfig.Provider provider : new TlsConfig.Provider[] {TlsConfig.Provider.OPENSSL, TlsConfig.Provider.JDK}) {
            start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withProvider(provider));
            // The client trusts the root only: the handshake succeeds only if the server sends the intermediate.
            try (SSLSocket socket = connect(null)) {
                Certificate[] chain = socket.getSession().getPeerCertificates();
                assertThat(chain).hasSize(2);
                assertThat(((X509Certificate) chain[1]).getSubjectX500Principal().getName())
                        .isEqualTo("CN=Parley Test Intermediate CA");
            }
            server.stop();
            server = null;
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void acceptsTls12And13Only(TlsConfig.Provider provider) throws Exception {
        Issued cert = pki.issue("versions-" + provider, "versions", KeyFormat.PKCS8_RSA);
        start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withProvider(provider));
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (SSLSocket socket = connect(protocol)) {
                assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            }
        }
        // ALPN selects nothing for a client that offers h2 only: it may go on without ALPN.
        try (SSLSocket socket = connect(null, "h2")) {
            assertThat(socket.getApplicationProtocol()).isEmpty();
        }
        // The JDK's client no longer speaks TLS 1.1: openssl does, at security level 0.
        OpensslResult tls11 = openssl(server.port(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertThat(tls11.output()).doesNotContain("BEGIN CERTIFICATE");
        assertThat(tls11.exitCode()).isNotZero();
        OpensslResult tls12 = openssl(server.port(), "-tls1_2");
        assertThat(tls12.output()).contains("BEGIN CERTIFICATE").contains("Protocol  : TLSv1.2");
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void aClientThatSaysNothingIsClosedAfterTheHandshakeTimeout(TlsConfig.Provider provider) throws Exception {
        Issued cert = pki.issue("silent-" + provider, "silent", KeyFormat.PKCS8_EC);
        start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withProvider(provider), Duration.ofMillis(300));
        try (Socket silent = new Socket("127.0.0.1", server.port());
                Socket halfHello = new Socket("127.0.0.1", server.port())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            halfHello.setSoTimeout((int) WAIT.toMillis());
            // A TLS record header announcing a 512-byte ClientHello, then nothing more.
            halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            halfHello.getOutputStream().flush();
            assertThat(readToEnd(silent.getInputStream())).isEqualTo(-1);
            assertThat(readToEnd(halfHello.getInputStream())).isIn(-1, 0x15); // closed, maybe after an alert
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsConfig.Provider.class, names = {"OPENSSL", "JDK"})
    void aClientThatDoesNotTrustTheCertificateFails(TlsConfig.Provider provider) throws Exception {
        start(TlsConfig.selfSigned().withProvider(provider));
        assertThatThrownBy(() -> client().send(HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(SSLHandshakeException.class);
        assertThat(server.url()).startsWith("https://");
    }

    @org.junit.jupiter.api.Test
    void thePlainHttpPortRedirectsToHttps() throws Exception {
        Issued cert = pki.issue("redirect", "redirect", KeyFormat.PKCS8_EC);
        start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withHttpRedirectPort(0), Duration.ofMillis(500));
        int plain = server.httpRedirectPort();
        assertThat(plain).isPositive().isNotEqualTo(server.port());
        int tls = server.port();

        assertThat(exchange(plain, "GET /chat/room?x=1&y=%20 HTTP/1.1\r\nHost: example.test:8080\r\n\r\n"))
                .startsWith("HTTP/1.1 301 ")
                .containsIgnoringCase("location: https://example.test:" + tls + "/chat/room?x=1&y=%20\r\n");
        // Another method keeps its method with 308; the announced body is never waited for.
        assertThat(exchange(plain, "POST /api/upload HTTP/1.1\r\nHost: [::1]\r\nContent-Length: 100000000\r\n\r\n"))
                .startsWith("HTTP/1.1 308 ").containsIgnoringCase("location: https://[::1]:" + tls + "/api/upload\r\n");
        // No Host (HTTP/1.0): the address the client reached.
        assertThat(exchange(plain, "GET / HTTP/1.0\r\n\r\n"))
                .startsWith("HTTP/1.1 301 ").containsIgnoringCase("location: https://127.0.0.1:" + tls + "/\r\n");
        assertThat(exchange(plain, "GET http://example.test/a/b?c HTTP/1.1\r\nHost: example.test\r\n\r\n"))
                .containsIgnoringCase("location: https://example.test:" + tls + "/a/b?c\r\n");
        assertThat(exchange(plain, "GET / HTTP/1.1\r\nHost: evil.test/x@y\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        // A client that says nothing is closed after the handshake timeout.
        try (Socket silent = new Socket("127.0.0.1", plain)) {
            silent.setSoTimeout((int) WAIT.toMillis());
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }

        // A redirect port already taken fails the start, and says which port.
        ParleyServer first = server;
        assertThatThrownBy(() -> start(TlsConfig.pem(cert.chainPem(), cert.keyPem()).withHttpRedirectPort(plain)))
                .hasMessageContaining(":" + plain + " (the HTTP redirect port)");
        server = first;

        // A real client follows it to the page.
        HttpClient follower = HttpClient.newBuilder().sslContext(pki.sslContext())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = follower.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + plain + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().toString()).isEqualTo(server.url() + "/");
    }

    @org.junit.jupiter.api.Test
    void aCertificateThatDoesNotLoadFailsTheStart() throws Exception {
        Path missing = pki.dir().resolve("missing.pem");
        assertThatThrownBy(() -> start(TlsConfig.pem(missing, missing)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no such file " + missing);
        server = null;
        Issued cert = pki.issue("mismatch", "mismatch", KeyFormat.PKCS8_EC);
        Issued other = pki.issue("mismatch-other", "other", KeyFormat.PKCS8_EC);
        assertThatThrownBy(() -> start(TlsConfig.pem(cert.chainPem(), other.keyPem())))
                .hasMessageContaining("does not match the certificate");
        server = null;
    }

    /** Sends a raw request, returns everything the server sent until it closed. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads until the end of the stream; returns -1 at once for a clean end, or the first byte read. */
    private static int readToEnd(InputStream in) throws IOException {
        int first = in.read();
        if (first == -1) {
            return -1;
        }
        while (in.read() != -1) {
            // an alert, then the end
        }
        return first;
    }

    /** A new TLS connection (this protocol only, or any) that checks the host name and the chain. */
    private SSLSocket connect(String protocol) throws IOException {
        return connect(protocol, "http/1.1");
    }

    private SSLSocket connect(String protocol, String... alpn) throws IOException {
        SSLSocket socket = (SSLSocket) pki.sslContext().getSocketFactory().createSocket("127.0.0.1", server.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(alpn);
        if (protocol != null) {
            parameters.setProtocols(new String[] {protocol});
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.startHandshake();
        return socket;
    }

    private X509Certificate peerLeaf() throws IOException {
        try (SSLSocket socket = connect(null)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    record OpensslResult(int exitCode, String output) {
    }

    private static OpensslResult openssl(int port, String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client",
                "-connect", "127.0.0.1:" + port, "-CAfile", pki.caPem().toString()));
        command.addAll(java.util.List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // end of input: s_client quits after the handshake
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new OpensslResult(process.exitValue(), output);
    }

    /** A JDK WebSocket client that sends a text and waits for the one that comes back. */
    static final class Echo implements AutoCloseable {
        private final WebSocket socket;
        private final LinkedBlockingQueue<String> received;

        private Echo(WebSocket socket, LinkedBlockingQueue<String> received) {
            this.socket = socket;
            this.received = received;
        }

        static Echo open(HttpClient client, String url) throws Exception {
            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            StringBuilder partial = new StringBuilder();
            WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        received.add(partial.toString());
                        partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new Echo(socket, received);
        }

        String roundTrip(String text) throws Exception {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String reply = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reply).as("echo of " + text).isNotNull();
            return reply;
        }

        @Override
        public void close() throws Exception {
            CompletableFuture<WebSocket> closed = socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
