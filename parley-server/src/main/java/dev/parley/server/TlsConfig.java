package dev.parley.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * TLS on a {@link ParleyServer}'s port: a certificate chain and its private key from PEM files, or a
 * self-signed certificate made at start for development. Immutable; start from {@link #pem} or
 * {@link #selfSigned()} and adjust with the {@code with*} methods.
 *
 * <p>Only TLS 1.2 and 1.3 are accepted; ALPN offers {@code http/1.1}. The PEM files are read again when their
 * content changes (checked every {@link #reloadInterval()}), so that a renewed certificate is served to new
 * connections without a restart; open connections keep the one they were made with. A changed pair that does
 * not load (a bad file, a key that does not match the certificate) is refused and the previous one kept.
 *
 * @param certificateChain PEM file of the certificate, then any intermediates (the leaf first); null when
 *     self-signed
 * @param privateKey PEM file of the certificate's private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
 *     ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), unencrypted; null when
 *     self-signed
 * @param selfSignedAtStart whether to make a self-signed certificate for {@code localhost}, {@code 127.0.0.1} and
 *     {@code ::1} at start (development only: browsers warn about it)
 * @param reloadInterval how often the PEM files are checked for a change. Default 5 seconds.
 * @param provider which TLS implementation to use. Default {@link Provider#AUTO}.
 * @param httpRedirectPort a plain-HTTP port whose every request is redirected to the HTTPS port (0 picks a free
 *     one), or {@value #NO_REDIRECT} for none (the default)
 */
public record TlsConfig(Path certificateChain, Path privateKey, boolean selfSignedAtStart, Duration reloadInterval,
        Provider provider, int httpRedirectPort) {

    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);
    public static final int NO_REDIRECT = -1;

    /** The TLS implementation. */
    public enum Provider {
        /** OpenSSL (BoringSSL, from netty-tcnative) when its native library loads on this machine, else the JDK's. */
        AUTO,
        /** OpenSSL (BoringSSL) only: start fails if it does not load. */
        OPENSSL,
        /** The JDK's own TLS (JSSE). */
        JDK
    }

    public TlsConfig {
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(provider, "provider");
        if (selfSignedAtStart != (certificateChain == null) || (certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("either a certificate chain and a private key, or self-signed");
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval must be positive: " + reloadInterval);
        }
        if (httpRedirectPort < NO_REDIRECT || httpRedirectPort > 65535) {
            throw new IllegalArgumentException("httpRedirectPort out of range: " + httpRedirectPort);
        }
    }

    /** TLS with the certificate chain and private key in these PEM files. */
    public static TlsConfig pem(Path certificateChain, Path privateKey) {
        return new TlsConfig(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), false, DEFAULT_RELOAD_INTERVAL, Provider.AUTO,
                NO_REDIRECT);
    }

    /** TLS with a self-signed certificate made at start: for development only. */
    public static TlsConfig selfSigned() {
        return new TlsConfig(null, null, true, DEFAULT_RELOAD_INTERVAL, Provider.AUTO, NO_REDIRECT);
    }

    public TlsConfig withReloadInterval(Duration interval) {
        return new TlsConfig(certificateChain, privateKey, selfSignedAtStart, interval, provider, httpRedirectPort);
    }

    public TlsConfig withProvider(Provider tlsProvider) {
        return new TlsConfig(certificateChain, privateKey, selfSignedAtStart, reloadInterval, tlsProvider, httpRedirectPort);
    }

    /** Also listen for plain HTTP on {@code port} (0: any free one) and redirect every request there to HTTPS. */
    public TlsConfig withHttpRedirectPort(int port) {
        return new TlsConfig(certificateChain, privateKey, selfSignedAtStart, reloadInterval, provider, port);
    }
}
