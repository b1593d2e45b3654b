package dev.parley.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway Redis that speaks TLS only, on a free loopback port, with a certificate for {@code 127.0.0.1}
 * signed by a test CA made for it with {@code openssl} (RSA 2048, valid 2 days). Clients are not asked for a
 * certificate. {@link #caPem()} is for Node ({@code NODE_EXTRA_CA_CERTS}), {@link #trustStore()} for the JVM
 * ({@code javax.net.ssl.trustStore}, PKCS12, password {@value #TRUST_STORE_PASSWORD}). {@link #close} kills
 * the server and deletes the folder. Not thread-safe.
 */
public final class LocalTlsRedis implements AutoCloseable {
    public static final String TRUST_STORE_PASSWORD = "parley-test";

    private final Path dir;
    private final int port;
    private Process server;

    private LocalTlsRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Makes the CA and the server certificate, starts {@code redis-server --port 0 --tls-port P}, waits for it. */
    public static LocalTlsRedis start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LocalTlsRedis redis = new LocalTlsRedis(Files.createTempDirectory("parley-redis-tls"), port);
        try {
            redis.makeCertificates();
            redis.startServer();
            return redis;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                redis.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code rediss://127.0.0.1:<port>}. */
    public String uri() {
        return "rediss://127.0.0.1:" + port;
    }

    /** The test CA's certificate, PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A PKCS12 trust store holding the test CA only. */
    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    private void makeCertificates() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n", StandardCharsets.US_ASCII);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=Parley test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
        try (InputStream pem = Files.newInputStream(caPem()); OutputStream out = Files.newOutputStream(trustStore())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            trust.setCertificateEntry("parley-test-ca", ca);
            trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store", e);
        }
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }

    private void startServer() throws IOException, InterruptedException {
        server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port),
                "--tls-cert-file", "server.pem", "--tls-key-file", "server.key", "--tls-ca-cert-file", "ca.pem",
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--bind", "127.0.0.1",
                "--dir", dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ping()) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the TLS Redis did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
    }

    private boolean ping() throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "--tls", "--cacert", caPem().toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(port), "ping").redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return cli.waitFor(10, TimeUnit.SECONDS) && out.equals("PONG");
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.destroy();
            try {
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
