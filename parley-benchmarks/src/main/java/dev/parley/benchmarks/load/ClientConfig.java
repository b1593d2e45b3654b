package dev.parley.benchmarks.load;

import java.time.Duration;

/**
 * How the generator connects, the same for every scenario; built from the command line.
 *
 * @param threads event loop threads of the generator
 * @param nativeTransport epoll when it loads, NIO otherwise
 * @param sourceAddresses loopback source addresses, 127.0.0.1 .. 127.0.0.N (loopback targets only)
 * @param concurrency connections being opened at once
 * @param connectTimeout from the connect call to ready (TCP, upgrade, protocol handshake)
 * @param closeTimeout how long a closing connection waits for the server to close the TCP connection
 * @param maxMessageSize largest message received, 1009 above
 */
record ClientConfig(Target target, int threads, boolean nativeTransport, int sourceAddresses, int concurrency,
        Duration connectTimeout, Duration closeTimeout, long maxMessageSize) {
    /** Default of {@code --source-addresses}: 4 x 28,232 ephemeral ports towards one server port. */
    static final int DEFAULT_SOURCE_ADDRESSES = 4;
    /** Default of {@code --concurrency}: 100 connections opening at once. */
    static final int DEFAULT_CONCURRENCY = 100;
    /** Default of {@code --connect-timeout}: 10 s. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default close timeout: 5 s, Parley's own default. */
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Default largest received message: 16 MiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    ClientConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more, not " + threads);
        }
        if (sourceAddresses < 1 || sourceAddresses > SourceAddresses.MAX) {
            throw new IllegalArgumentException("--source-addresses must be 1.." + SourceAddresses.MAX + ", not "
                    + sourceAddresses);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be 1 or more, not " + concurrency);
        }
    }

    /** The same options towards another server. */
    ClientConfig withTarget(Target other) {
        return new ClientConfig(other, threads, nativeTransport, sourceAddresses, concurrency, connectTimeout,
                closeTimeout, maxMessageSize);
    }
}
