package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The native transport is really in use where the build ships it (Linux x86_64: the
 * {@code netty-transport-native-epoll} classifier in this module's pom), since Netty would otherwise fall
 * back to NIO without a word; and io_uring when asked for, where it loads (the io_uring classifier, and a
 * kernel that allows it).
 */
class NativeTransportIT {

    @Test
    void linuxX86RunsOnEpoll() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch").equals("amd64"), "epoll is shipped for Linux x86_64 only");
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();

        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).start();
        try {
            assertThat(server.transportName()).isEqualTo("epoll");
        } finally {
            server.stop();
        }
    }

    @Test
    void linuxX86RunsOnIoUringWhenAsked() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && System.getProperty("os.arch").equals("amd64"), "io_uring is shipped for Linux x86_64 only");
        assumeTrue(IoUring.isAvailable(), () -> "io_uring does not load on this kernel: " + IoUring.unavailabilityCause());
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .transport(Transport.IO_URING).build()).start();
        try {
            assertThat(server.transportName()).isEqualTo("io_uring");
        } finally {
            server.stop();
        }
    }

    @Test
    void nioWhenAskedFor() throws Exception {
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .transport(Transport.NIO).build()).start();
        try {
            assertThat(server.transportName()).isEqualTo("nio");
        } finally {
            server.stop();
        }
    }
}
