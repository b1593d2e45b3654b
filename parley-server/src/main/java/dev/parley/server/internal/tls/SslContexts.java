package dev.parley.server.internal.tls;

import dev.parley.server.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** Builds the server's Netty {@link SslContext}: TLS 1.2 and 1.3 only, ALPN {@code http/1.1}, on the chosen provider. */
public final class SslContexts {
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996): refused. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SslContexts() {
    }

    /** The provider {@code choice} means on this machine; OPENSSL fails if its native library does not load. */
    public static SslProvider provider(TlsConfig.Provider choice) {
        return switch (choice) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("OpenSSL (netty-tcnative) is not available: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL)
                    ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** "OpenSSL (BoringSSL)" or "JDK (Java 21.0.5)": for the start-up log and {@code ParleyServer.tlsProvider()}. */
    public static String describe(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK (Java " + Runtime.version() + ")"
                : "OpenSSL (" + OpenSsl.versionString() + ")";
    }

    public static SslContext build(SslProvider provider, Credentials credentials) throws SSLException {
        return SslContextBuilder.forServer(credentials.key(), credentials.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                // ALPN: HTTP/1.1 is all Parley speaks; a client offering only h2 gets no protocol and may go on.
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_1_1))
                .build();
    }
}
