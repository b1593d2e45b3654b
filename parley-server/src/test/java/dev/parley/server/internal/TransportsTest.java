package dev.parley.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The choice of transport, with availability faked so that every case runs on any machine. */
class TransportsTest {

    private static Function<Transport, Throwable> loading(Set<Transport> available, List<Transport> tried) {
        return transport -> {
            tried.add(transport);
            return available.contains(transport) ? null : new UnsatisfiedLinkError("no native library for " + transport);
        };
    }

    @Test
    void autoTakesTheFirstThatLoadsAndTriesNoFurther() {
        List<Transport> tried = new ArrayList<>();
        Set<Transport> all = Set.of(Transport.EPOLL, Transport.IO_URING, Transport.NIO);
        assertThat(Transports.select(Transport.AUTO, loading(all, tried)).transport()).isEqualTo(Transport.EPOLL);
        assertThat(tried).containsExactly(Transport.EPOLL);

        tried.clear();
        assertThat(Transports.select(Transport.AUTO, loading(Set.of(Transport.IO_URING, Transport.NIO), tried)).name())
                .isEqualTo("io_uring");
        assertThat(tried).containsExactly(Transport.EPOLL, Transport.IO_URING);

        tried.clear();
        assertThat(Transports.select(Transport.AUTO, loading(Set.of(Transport.NIO), tried)).name()).isEqualTo("nio");
        assertThat(tried).containsExactly(Transport.EPOLL, Transport.IO_URING, Transport.NIO);
    }

    @Test
    void anExplicitTransportThatDoesNotLoadFailsWithTheReason() {
        List<Transport> tried = new ArrayList<>();
        assertThatThrownBy(() -> Transports.select(Transport.IO_URING, loading(Set.of(Transport.EPOLL, Transport.NIO), tried)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The io_uring transport is not available here (java.lang.UnsatisfiedLinkError: no native "
                        + "library for io_uring); choose another one or auto")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
        assertThat(tried).as("no fallback to another transport").containsExactly(Transport.IO_URING);
    }

    @Test
    void anExplicitTransportThatLoadsIsTaken() {
        for (Transport transport : List.of(Transport.IO_URING, Transport.EPOLL, Transport.NIO)) {
            Transports chosen = Transports.select(transport, loading(Set.of(transport), new ArrayList<>()));
            assertThat(chosen.transport()).isEqualTo(transport);
            assertThat(chosen.name()).isEqualTo(transport.wireName());
        }
    }

    @Test
    void namesAreTheCommandLineOnes() {
        assertThat(Transport.ofName("io_uring")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.ofName("IO-URING")).isEqualTo(Transport.IO_URING);
        assertThat(Transport.ofName("Epoll")).isEqualTo(Transport.EPOLL);
        assertThat(Transport.ofName("auto")).isEqualTo(Transport.AUTO);
        assertThatThrownBy(() -> Transport.ofName("kqueue")).hasMessageContaining("auto, io_uring, epoll, nio");
    }
}
