package dev.parley.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM pairs as the {@code openssl} command writes them, and the ways a pair is refused. */
class PemFilesTest {
    @TempDir
    Path dir;

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private Credentials load(String chain, String key) throws IOException, GeneralSecurityException {
        return PemFiles.parse(PemFiles.read(dir.resolve(chain), dir.resolve(key)));
    }

    @Test
    void readsAnEcKeyAfterItsParametersBlock() throws Exception {
        // "openssl ecparam -genkey" writes BEGIN EC PARAMETERS, then BEGIN EC PRIVATE KEY.
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key");
        openssl("req", "-new", "-x509", "-key", "ec.key", "-subj", "/CN=ec", "-days", "1", "-out", "ec.pem");
        assertThat(Files.readString(dir.resolve("ec.key"))).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        Credentials credentials = load("ec.pem", "ec.key");
        assertThat(credentials.key().getAlgorithm()).isEqualTo("EC");
        assertThat(credentials.describe()).contains("CN=ec");
    }

    @Test
    void readsPkcs1AndPkcs8RsaKeys() throws Exception {
        openssl("genrsa", "-traditional", "-out", "rsa1.key", "2048");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "rsa1.key", "-out", "rsa8.key");
        openssl("req", "-new", "-x509", "-key", "rsa1.key", "-subj", "/CN=rsa", "-days", "1", "-out", "rsa.pem");
        assertThat(Files.readString(dir.resolve("rsa1.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("rsa8.key"))).contains("BEGIN PRIVATE KEY");
        assertThat(load("rsa.pem", "rsa1.key").key()).isEqualTo(load("rsa.pem", "rsa8.key").key());
    }

    @Test
    void refusesEncryptedMismatchedEmptyAndOversizedKeys() throws Exception {
        openssl("genrsa", "-traditional", "-out", "a.key", "2048");
        openssl("req", "-new", "-x509", "-key", "a.key", "-subj", "/CN=a", "-days", "1", "-out", "a.pem");
        openssl("genrsa", "-traditional", "-out", "b.key", "2048");
        openssl("pkcs8", "-topk8", "-in", "a.key", "-passout", "pass:secret", "-out", "encrypted.key");
        assertThatThrownBy(() -> load("a.pem", "encrypted.key")).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> load("a.pem", "b.key")).hasMessageContaining("does not match the certificate");
        Files.writeString(dir.resolve("empty.key"), "");
        assertThatThrownBy(() -> load("a.pem", "empty.key")).hasMessageContaining("no private key");
        Files.writeString(dir.resolve("garbage.pem"), "hello\n");
        assertThatThrownBy(() -> load("garbage.pem", "a.key")).isInstanceOf(GeneralSecurityException.class);
        Files.write(dir.resolve("huge.key"), new byte[PemFiles.MAX_FILE_SIZE + 1]);
        assertThatThrownBy(() -> load("a.pem", "huge.key")).hasMessageContaining("larger than");
        assertThat(load("a.pem", "a.key").chain()).hasSize(1);
    }

    @Test
    void theSelfSignedCertificateNamesLocalhostAndLoopback() throws Exception {
        Credentials credentials = SelfSignedCertificate.create();
        assertThat(credentials.leaf().getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(credentials.leaf().getBasicConstraints()).isEqualTo(-1);
    }
}
