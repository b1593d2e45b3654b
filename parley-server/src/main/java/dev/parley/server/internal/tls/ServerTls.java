package dev.parley.server.internal.tls;

import dev.parley.server.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: the current {@link SslContext}, swapped atomically when the reloader loads a renewed
 * certificate, and a handler from it for each new connection. A connection keeps the context it started
 * with, so a swap never touches an open connection; the old context is freed by the garbage collector once
 * its last connection is gone (Netty's {@code OPENSSL} provider, not the reference-counted one, for that).
 * Thread-safe: {@link #newHandler} runs on event loops, the reload on the reloader's own thread.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final SslProvider provider;
    private final AtomicReference<SslContext> current = new AtomicReference<>();
    private final AtomicReference<Credentials> credentials = new AtomicReference<>();
    private ScheduledExecutorService reloadThread;

    private ServerTls(SslProvider provider, Credentials initial) throws SSLException {
        this.provider = provider;
        install(initial);
    }

    /**
     * Loads the configured certificate (or makes the self-signed one) and, for PEM files, starts checking them
     * every {@link TlsConfig#reloadInterval()}. Fails, before any connection, if the files do not load.
     */
    public static ServerTls start(TlsConfig config) throws IOException, GeneralSecurityException {
        SslProvider provider = SslContexts.provider(config.provider());
        if (config.selfSignedAtStart()) {
            Credentials selfSigned = SelfSignedCertificate.create();
            LOG.warn("TLS with a self-signed certificate ({}): for development only; browsers and clients will "
                    + "not trust it unless told to", selfSigned.describe());
            return new ServerTls(provider, selfSigned);
        }
        PemFiles.Contents contents;
        Credentials initial;
        try {
            contents = PemFiles.read(config.certificateChain(), config.privateKey());
            initial = PemFiles.parse(contents);
        } catch (GeneralSecurityException | IOException e) {
            throw new GeneralSecurityException("TLS certificate " + config.certificateChain() + " / key "
                    + config.privateKey() + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file "
                    + e.getMessage() : e.getMessage()), e);
        }
        ServerTls tls = new ServerTls(provider, initial);
        LOG.info("TLS certificate from {}: {}", config.certificateChain(), initial.describe());
        CertificateReloader reloader = new CertificateReloader(config.certificateChain(), config.privateKey(),
                contents, tls::installOrThrow);
        tls.reloadThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long every = config.reloadInterval().toMillis();
        tls.reloadThread.scheduleWithFixedDelay(() -> {
            try {
                reloader.check();
            } catch (RuntimeException e) {
                LOG.warn("TLS: certificate check failed", e); // and the next one runs: the task must not die
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return tls;
    }

    private void install(Credentials next) throws SSLException {
        SslContext context = SslContexts.build(provider, next); // may fail: the old context stays
        current.set(context);
        credentials.set(next);
    }

    private void installOrThrow(Credentials next) {
        try {
            install(next);
        } catch (SSLException e) {
            throw new IllegalArgumentException("the TLS provider refused it: " + e.getMessage(), e);
        }
    }

    /** A server-side handler from the current context; its handshake must finish within {@code handshakeTimeout}. */
    public SslHandler newHandler(ByteBufAllocator alloc, Duration handshakeTimeout) {
        SslHandler handler = current.get().newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** Which TLS implementation serves, e.g. "OpenSSL (BoringSSL)". */
    public String providerName() {
        return SslContexts.describe(provider);
    }

    /** The certificate chain new connections get. */
    public Credentials credentials() {
        return credentials.get();
    }

    @Override
    public void close() {
        if (reloadThread != null) {
            reloadThread.shutdownNow();
        }
    }
}
