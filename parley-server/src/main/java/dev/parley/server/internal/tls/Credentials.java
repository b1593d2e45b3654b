package dev.parley.server.internal.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain (the leaf first, then intermediates), checked to belong together: a
 * key that does not match the leaf would fail every handshake, so it is refused at load.
 */
public record Credentials(PrivateKey key, List<X509Certificate> chain) {
    private static final byte[] PROBE = "parley key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public Credentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** The leaf's serial number, for log lines. */
    public BigInteger serial() {
        return leaf().getSerialNumber();
    }

    /** A short description for log lines: subject, serial, expiry. */
    public String describe() {
        X509Certificate leaf = leaf();
        return "subject \"" + leaf.getSubjectX500Principal().getName() + "\", serial " + leaf.getSerialNumber().toString(16)
                + ", expires " + leaf.getNotAfter().toInstant() + (chain.size() > 1 ? ", " + (chain.size() - 1)
                + " intermediate(s)" : "");
    }

    /** Builds and checks: the key must sign what the leaf's public key verifies. */
    public static Credentials of(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        Credentials credentials = new Credentials(key, chain);
        credentials.checkKeyMatchesLeaf();
        return credentials;
    }

    private void checkKeyMatchesLeaf() throws GeneralSecurityException {
        PublicKey publicKey = leaf().getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new GeneralSecurityException("the private key (" + key.getAlgorithm()
                    + ") does not match the certificate's key (" + publicKey.getAlgorithm() + ")");
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm()
                    + " (RSA, EC or Ed25519)");
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(PROBE);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not match the certificate "
                    + leaf().getSubjectX500Principal().getName());
        }
    }
}
