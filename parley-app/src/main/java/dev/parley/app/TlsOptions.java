package dev.parley.app;

import dev.parley.server.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The TLS options of {@code parley serve} (see docs/operations.md, "TLS"): a PEM certificate chain and key, or
 * a self-signed certificate for development; how often the files are checked for a renewal; the provider;
 * and a plain-HTTP port that redirects to HTTPS. Without {@code --tls-cert} or {@code --tls-self-signed} the
 * port serves plain HTTP.
 */
public final class TlsOptions {
    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_CERT}",
            description = "TLS: PEM file of the certificate chain (the server's certificate first, then intermediates); "
                    + "with --tls-key, the port serves HTTPS and WSS only (env PARLEY_TLS_CERT)")
    Path certificateChain;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_KEY}",
            description = "TLS: PEM file of the private key: PKCS#8, PKCS#1 RSA or EC, unencrypted (env PARLEY_TLS_KEY)")
    Path privateKey;

    @Option(names = "--tls-self-signed", defaultValue = "${env:PARLEY_TLS_SELF_SIGNED:-false}",
            description = "TLS with a certificate for localhost made at start: development only, browsers warn "
                    + "(env PARLEY_TLS_SELF_SIGNED)")
    boolean selfSigned;

    @Option(names = "--tls-reload-interval", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_TLS_RELOAD_INTERVAL:-5s}",
            description = "TLS: how often the certificate and key files are checked for a change (a renewal is "
                    + "served to new connections without a restart) (env PARLEY_TLS_RELOAD_INTERVAL). Default: ${DEFAULT-VALUE}")
    Duration reloadInterval;

    @Option(names = "--tls-provider", defaultValue = "${env:PARLEY_TLS_PROVIDER:-AUTO}",
            description = "TLS implementation: AUTO (OpenSSL/BoringSSL when it loads, else the JDK's), OPENSSL or JDK "
                    + "(env PARLEY_TLS_PROVIDER). Default: ${DEFAULT-VALUE}")
    TlsConfig.Provider provider;

    @Option(names = "--http-redirect-port", paramLabel = "PORT", defaultValue = "${env:PARLEY_HTTP_REDIRECT_PORT}",
            description = "TLS: also listen for plain HTTP on this port and redirect every request to HTTPS; unset, "
                    + "none (env PARLEY_HTTP_REDIRECT_PORT)")
    Integer httpRedirectPort;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The TLS the options ask for, or null for plain HTTP; refuses combinations that cannot apply. */
    TlsConfig tlsConfig() {
        if (selfSigned && (certificateChain != null || privateKey != null)) {
            throw refuse("--tls-self-signed makes its own certificate: give it without --tls-cert/--tls-key");
        }
        if ((certificateChain == null) != (privateKey == null)) {
            throw refuse("--tls-cert and --tls-key go together");
        }
        if (!selfSigned && certificateChain == null) {
            if (httpRedirectPort != null) {
                throw refuse("--http-redirect-port redirects to HTTPS: it needs --tls-cert/--tls-key or --tls-self-signed");
            }
            return null;
        }
        try {
            TlsConfig tls = selfSigned ? TlsConfig.selfSigned() : TlsConfig.pem(certificateChain, privateKey);
            tls = tls.withReloadInterval(reloadInterval).withProvider(provider);
            return httpRedirectPort == null ? tls : tls.withHttpRedirectPort(httpRedirectPort);
        } catch (IllegalArgumentException e) {
            throw refuse("TLS options: " + e.getMessage());
        }
    }

    private ParameterException refuse(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
