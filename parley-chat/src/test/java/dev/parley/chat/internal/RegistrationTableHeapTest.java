package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.ChatConfig;
import dev.parley.testkit.LiveHeap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The registration limit's table of client addresses (an {@link AuthThrottle} used through
 * {@link AuthThrottle#tryAcquire}) holds its bound on live heap when many more addresses register than it may
 * keep: what an attacker with many addresses (or a trusted proxy that forwards whatever it is told) could send.
 * ChatSecurityIT shows over real sockets that the chat's table is this bounded one; this test measures it.
 */
class RegistrationTableHeapTest {
    private static final int ADDRESSES = 200_000;
    private final AtomicLong clock = new AtomicLong();

    /** Live heap taken by a table after {@link #ADDRESSES} distinct addresses registered once each. */
    private long heapAfterManyAddresses(int maxAddresses) throws UnknownHostException {
        long before = LiveHeap.bytes();
        AuthThrottle table = new AuthThrottle(ChatConfig.DEFAULT_REGISTRATION_LIMIT,
                ChatConfig.DEFAULT_REGISTRATION_WINDOW, maxAddresses, clock::get);
        byte[] ip = {10, 0, 0, 0};
        for (int i = 0; i < ADDRESSES; i++) {
            ip[1] = (byte) (i >> 16);
            ip[2] = (byte) (i >> 8);
            ip[3] = (byte) i;
            assertThat(table.tryAcquire(new InetSocketAddress(InetAddress.getByAddress(ip), 40_000))).isTrue();
        }
        assertThat(table.size()).isEqualTo(Math.min(ADDRESSES, maxAddresses));
        long after = LiveHeap.bytes();
        assertThat(table.size()).isPositive(); // keeps the table reachable through the second measurement
        return after - before;
    }

    @Test
    void theDefaultBoundKeepsTheTableSmall() throws UnknownHostException {
        long bounded = heapAfterManyAddresses(ChatConfig.DEFAULT_AUTH_THROTTLE_ADDRESSES);
        System.out.printf("RegistrationTableHeapTest: %,d addresses, table bounded at %,d: %+.2f MiB live heap%n",
                ADDRESSES, ChatConfig.DEFAULT_AUTH_THROTTLE_ADDRESSES, bounded / 1048576.0);
        // 10,000 entries of about 120 bytes: 1.2 MB; the whole 200,000 would be about 24 MB.
        assertThat(bounded).isLessThan(3L * 1024 * 1024);
    }

    @Test
    void theMeasurementSeesAnUnboundedTable() throws UnknownHostException {
        // The control: without the bound the same addresses take ten times the limit above.
        long unbounded = heapAfterManyAddresses(Integer.MAX_VALUE);
        System.out.printf("RegistrationTableHeapTest: %,d addresses, no bound: %+.2f MiB live heap%n",
                ADDRESSES, unbounded / 1048576.0);
        assertThat(unbounded).isGreaterThan(15L * 1024 * 1024);
    }
}
