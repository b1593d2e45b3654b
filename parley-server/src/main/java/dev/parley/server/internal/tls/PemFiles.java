package dev.parley.server.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate chain and a private key from PEM files. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}),
 * PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), as openssl, certbot
 * and cert-manager write them; Netty reads only the first without BouncyCastle, so Parley parses keys itself
 * (BouncyCastle's PEM parser; the key objects are the JDK's). Encrypted keys are refused. Plain Java, no
 * Netty: called off the event loop.
 */
public final class PemFiles {
    /** Far above any real chain (a few KiB): a bound on what a misconfigured path can make us read. */
    static final int MAX_FILE_SIZE = 1 << 20;

    private PemFiles() {
    }

    /** Both files' bytes, each at most {@value #MAX_FILE_SIZE} bytes. */
    public record Contents(byte[] chain, byte[] key) {
    }

    public static Contents read(Path chainFile, Path keyFile) throws IOException {
        return new Contents(readBounded(chainFile), readBounded(keyFile));
    }

    /** Parses and checks the pair. */
    public static Credentials parse(Contents contents) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(contents.chain());
        PrivateKey key = privateKey(contents.key());
        return Credentials.of(key, chain);
    }

    static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) { // follows symbolic links, as a renewal's swap needs
            byte[] bytes = in.readNBytes(MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw new IOException(file + " is larger than " + MAX_FILE_SIZE + " bytes: not a PEM file");
            }
            return bytes;
        }
    }

    static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
        Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : parsed) {
            chain.add((X509Certificate) certificate);
        }
        if (chain.isEmpty()) {
            throw new CertificateException("no certificate in the chain file");
        }
        return chain;
    }

    static PrivateKey privateKey(byte[] pem) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) { // PKCS#8
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) { // PKCS#1 RSA or SEC1 EC
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // SEC1 may omit the public key
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new GeneralSecurityException("the private key is encrypted: Parley needs it unencrypted");
                }
                // Anything else (EC PARAMETERS before an EC key, a certificate) is skipped.
            }
        } catch (IOException | IllegalArgumentException e) {
            // BouncyCastle reports malformed base64 or DER as either.
            throw new GeneralSecurityException("unreadable private key: " + e.getMessage(), e);
        }
        throw new GeneralSecurityException("no private key in the key file");
    }
}
