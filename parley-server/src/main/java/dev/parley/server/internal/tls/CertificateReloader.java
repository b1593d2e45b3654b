package dev.parley.server.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a renewed certificate: reads the PEM pair, and when its content differs from the last pair it
 * tried, parses and checks it and hands it on. Content, not modification times or file events, decides: a
 * renewal by certbot or cert-manager swaps a symbolic link to a new folder (the watched path's own time and
 * inode may not change), and a pair read while it is being written (a new certificate with the old key, a
 * truncated file) fails the check, is logged once, and the next check, which sees the finished files, loads
 * them. A pair that fails is not tried again until it changes. Called on the reloader's own thread (never an
 * event loop); not thread-safe.
 */
public final class CertificateReloader {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final Path chainFile;
    private final Path keyFile;
    private final Consumer<Credentials> onNewCredentials;
    private byte[] lastDigest;
    private String lastFailure;

    /** {@code loaded} is the pair already in use, read from these files at start. */
    public CertificateReloader(Path chainFile, Path keyFile, PemFiles.Contents loaded,
            Consumer<Credentials> onNewCredentials) {
        this.chainFile = chainFile;
        this.keyFile = keyFile;
        this.onNewCredentials = onNewCredentials;
        this.lastDigest = digest(loaded);
    }

    /** Reads the files once; loads them if they changed. Returns whether new credentials were handed on. */
    public boolean check() {
        PemFiles.Contents contents;
        try {
            contents = PemFiles.read(chainFile, keyFile);
        } catch (IOException e) {
            failed("cannot read " + chainFile + " / " + keyFile + ": " + e);
            return false;
        }
        byte[] digest = digest(contents);
        if (Arrays.equals(digest, lastDigest)) {
            return false;
        }
        lastDigest = digest;
        try {
            Credentials credentials = PemFiles.parse(contents);
            onNewCredentials.accept(credentials);
            lastFailure = null;
            LOG.info("TLS certificate reloaded from {}: {}", chainFile, credentials.describe());
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            failed("refused the changed certificate " + chainFile + " / key " + keyFile
                    + ", still serving the previous one: " + e.getMessage());
            return false;
        }
    }

    /** Logs a failure once, not at every check while it lasts. */
    private void failed(String message) {
        if (!Objects.equals(message, lastFailure)) {
            LOG.warn("TLS: {}", message);
            lastFailure = message;
        }
    }

    private static byte[] digest(PemFiles.Contents contents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(sha256(contents.chain()));
            sha.update(sha256(contents.key()));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
