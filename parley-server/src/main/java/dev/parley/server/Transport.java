package dev.parley.server;

import dev.parley.server.internal.Transports;
import java.util.Locale;
import java.util.Optional;

/**
 * The network transport under the server's sockets (Netty's): which system interface waits for and
 * performs socket I/O. All serve the same protocols; they differ in speed and in where they load.
 */
public enum Transport {
    /**
     * The first that loads of {@link #EPOLL}, {@link #IO_URING} and {@link #NIO}, in that order (epoll first:
     * io_uring has not yet been measured faster on a quiet machine, docs/operations.md#transports).
     */
    AUTO("auto"),
    /** Linux's io_uring (kernel 5.14+, not disabled by {@code kernel.io_uring_disabled}), Linux x86_64 only here. */
    IO_URING("io_uring"),
    /** Linux's epoll, Linux x86_64 only here. */
    EPOLL("epoll"),
    /** Java NIO: every platform. */
    NIO("nio");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the command line and in logs: {@code auto}, {@code io_uring}, ... */
    public String wireName() {
        return wireName;
    }

    /**
     * Why this transport does not load here (no native library for this platform, a kernel without io_uring
     * or with it disabled, ...), or empty when it does; always empty for {@link #AUTO} and {@link #NIO}.
     * Loads the transport's native library.
     */
    public Optional<String> unavailability() {
        return this == AUTO ? Optional.empty() : Optional.ofNullable(Transports.unavailability(this)).map(Throwable::toString);
    }

    /** The {@link #wireName()}: what the command line takes and {@code --print-config} prints. */
    @Override
    public String toString() {
        return wireName;
    }

    /** The transport of that name ({@link #wireName()}, any case; {@code io-uring} too). */
    public static Transport ofName(String name) {
        String normalized = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Transport transport : values()) {
            if (transport.wireName.equals(normalized)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "' (auto, io_uring, epoll, nio)");
    }
}
