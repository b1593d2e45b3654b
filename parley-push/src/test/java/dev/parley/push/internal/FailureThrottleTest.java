package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.LiveHeap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final AtomicLong nanos = new AtomicLong(42);

    private static InetSocketAddress client(String ip) {
        return new InetSocketAddress(ip, 50_000);
    }

    @Test
    void blocksAtTheLimitNotBeforeAndOnlyThatAddress() {
        FailureThrottle throttle = new FailureThrottle(3, WINDOW, 100, nanos::get);
        throttle.failed(client("10.0.0.1"));
        throttle.failed(client("10.0.0.1"));
        assertThat(throttle.blocked(client("10.0.0.1"))).isFalse();
        throttle.failed(client("10.0.0.1"));
        assertThat(throttle.blocked(client("10.0.0.1"))).isTrue();
        assertThat(throttle.blocked(client("10.0.0.2"))).isFalse();
    }

    @Test
    void theWindowOpensAtTheFirstFailureAndClosesOnTime() {
        FailureThrottle throttle = new FailureThrottle(2, WINDOW, 100, nanos::get);
        throttle.failed(client("10.0.0.1"));
        nanos.addAndGet(WINDOW.toNanos() / 2);
        throttle.failed(client("10.0.0.1"));
        nanos.addAndGet(WINDOW.toNanos() / 2 - 1);
        assertThat(throttle.blocked(client("10.0.0.1"))).isTrue();
        nanos.addAndGet(1);
        assertThat(throttle.blocked(client("10.0.0.1"))).isFalse();
        throttle.failed(client("10.0.0.1"));
        assertThat(throttle.blocked(client("10.0.0.1"))).as("one failure in a new window").isFalse();
    }

    @Test
    void portsDoNotMatterAndIpv6CountsByItsSlash64() {
        FailureThrottle throttle = new FailureThrottle(2, WINDOW, 100, nanos::get);
        throttle.failed(new InetSocketAddress("10.0.0.1", 1));
        throttle.failed(new InetSocketAddress("10.0.0.1", 2));
        assertThat(throttle.blocked(new InetSocketAddress("10.0.0.1", 3))).isTrue();
        throttle.failed(client("2001:db8:1:2::1"));
        throttle.failed(client("2001:db8:1:2:ffff::9"));
        assertThat(throttle.blocked(client("2001:db8:1:2::77"))).isTrue();
        assertThat(throttle.blocked(client("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void theTableKeepsItsBoundAndTheAddressThatKeepsTrying() {
        FailureThrottle throttle = new FailureThrottle(3, WINDOW, 1000, nanos::get);
        for (int i = 0; i < 3; i++) {
            throttle.failed(client("192.0.2.1"));
        }
        for (int i = 0; i < 50_000; i++) {
            throttle.failed(client("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
            if (i % 500 == 0) {
                throttle.blocked(client("192.0.2.1"));
            }
        }
        assertThat(throttle.size()).isEqualTo(1000);
        assertThat(throttle.blocked(client("192.0.2.1"))).isTrue();
    }

    /** Live heap of a table after 200,000 distinct addresses failed once each. */
    private long heapAfterManyAddresses(int maxAddresses) throws UnknownHostException {
        long before = LiveHeap.bytes();
        FailureThrottle throttle = new FailureThrottle(10, WINDOW, maxAddresses, nanos::get);
        byte[] ip = {10, 0, 0, 0};
        for (int i = 0; i < 200_000; i++) {
            ip[1] = (byte) (i >> 16);
            ip[2] = (byte) (i >> 8);
            ip[3] = (byte) i;
            throttle.failed(new InetSocketAddress(InetAddress.getByAddress(ip), 40_000));
        }
        long after = LiveHeap.bytes();
        assertThat(throttle.size()).isEqualTo(Math.min(200_000, maxAddresses)); // keeps it reachable until here
        return after - before;
    }

    @Test
    void theDefaultBoundHoldsOnLiveHeapAndTheControlShowsAnUnboundedOne() throws UnknownHostException {
        long bounded = heapAfterManyAddresses(10_000);
        long unbounded = heapAfterManyAddresses(Integer.MAX_VALUE);
        System.out.printf("FailureThrottleTest: 200,000 addresses: %.2f MiB bounded at 10,000, %.2f MiB unbounded%n",
                bounded / 1048576.0, unbounded / 1048576.0);
        assertThat(bounded).isLessThan(2L * 1024 * 1024);
        assertThat(unbounded).isGreaterThan(10L * 1024 * 1024);
    }
}
