package dev.parley.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway public-key infrastructure for TLS tests, made with BouncyCastle on the JDK's key generators: a
 * root CA, optionally an intermediate, and server certificates for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, written as PEM in the form a test asks for (PKCS#8; PKCS#1 RSA and SEC1 EC converted by the
 * {@code openssl} command). Clients trust the
 * root through {@link #caPem()} (Node's {@code NODE_EXTRA_CA_CERTS}, Chromium's NSS database) or
 * {@link #sslContext()} (the JDK's clients). Not thread-safe.
 */
public final class TestPki {
    /** How a server key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}, RSA. */
        PKCS8_RSA,
        /** {@code BEGIN PRIVATE KEY}, EC P-256. */
        PKCS8_EC,
        /** {@code BEGIN RSA PRIVATE KEY}. */
        PKCS1_RSA,
        /** {@code BEGIN EC PRIVATE KEY}. */
        SEC1_EC
    }

    /** A server certificate's files and the certificate itself. */
    public record Issued(Path chainPem, Path keyPem, X509Certificate leaf) {
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final KeyPair intermediateKeys;
    private final X509Certificate intermediate;

    private TestPki(Path dir) throws GeneralSecurityException, IOException {
        this.dir = dir;
        caKeys = ecKeys();
        X500Name caName = new X500Name("CN=Parley Test Root CA");
        ca = sign(caName, caKeys, caName, caKeys.getPublic(), true, null);
        intermediateKeys = ecKeys();
        intermediate = sign(caName, caKeys, new X500Name("CN=Parley Test Intermediate CA"),
                intermediateKeys.getPublic(), true, null);
        write(caPem(), pem(ca));
    }

    /** A new root and intermediate CA, their files in a new temporary folder. */
    public static TestPki create() {
        try {
            return new TestPki(Files.createTempDirectory("parley-pki"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The root CA certificate, PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate signed by the root, files {@code name.pem} and {@code name.key}. */
    public Issued issue(String name, String commonName, KeyFormat format) {
        return issue(name, commonName, format, false);
    }

    /** Like {@link #issue(String, String, KeyFormat)}; with {@code viaIntermediate} the chain file holds leaf and intermediate. */
    public Issued issue(String name, String commonName, KeyFormat format, boolean viaIntermediate) {
        try {
            KeyPair keys = switch (format) {
                case PKCS8_RSA, PKCS1_RSA -> rsaKeys();
                case PKCS8_EC, SEC1_EC -> ecKeys();
            };
            X500Name issuer = new X500Name(viaIntermediate ? "CN=Parley Test Intermediate CA" : "CN=Parley Test Root CA");
            X509Certificate leaf = sign(issuer, viaIntermediate ? intermediateKeys : caKeys,
                    new X500Name("CN=" + commonName), keys.getPublic(), false,
                    new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}));
            Path chain = dir.resolve(name + ".pem");
            Path key = dir.resolve(name + ".key");
            write(chain, viaIntermediate ? pem(leaf) + pem(intermediate) : pem(leaf));
            writeKey(key, keys.getPrivate(), format);
            return new Issued(chain, key, leaf);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context of the JDK that trusts the root CA only. */
    public SSLContext sslContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("parley-test-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of the SHA-256 of a certificate's SubjectPublicKeyInfo (HPKP style). */
    public static String spkiSha256(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
            java.security.PublicKey subjectKey, boolean isCa, GeneralNames names)
            throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, subjectKey);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (isCa) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** PKCS#8 by BouncyCastle; the traditional forms converted from it by the {@code openssl} command, as users make them. */
    private static void writeKey(Path file, PrivateKey key, KeyFormat format) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        if (format == KeyFormat.PKCS8_RSA || format == KeyFormat.PKCS8_EC) {
            write(file, out.toString());
            return;
        }
        Path pkcs8 = file.resolveSibling(file.getFileName() + ".pkcs8");
        write(pkcs8, out.toString());
        List<String> command = format == KeyFormat.PKCS1_RSA
                ? List.of("openssl", "rsa", "-traditional", "-in", pkcs8.toString(), "-out", file.toString())
                : List.of("openssl", "ec", "-in", pkcs8.toString(), "-out", file.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(pkcs8);
        }
    }

    private static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** For tests that print what they were given. */
    public static List<String> pemLabels(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("-----BEGIN")).toList();
    }
}
