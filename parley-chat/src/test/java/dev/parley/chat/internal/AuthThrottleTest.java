package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final AtomicLong clock = new AtomicLong(123_456_789L);

    private static InetSocketAddress at(String ip) {
        return new InetSocketAddress(ip, 40_000);
    }

    @Test
    void blocksAtTheLimitAndNotOneBefore() {
        AuthThrottle throttle = new AuthThrottle(3, WINDOW, 100, clock::get);
        throttle.failed(at("10.0.0.1"));
        throttle.failed(at("10.0.0.1"));
        assertThat(throttle.blocked(at("10.0.0.1"))).isFalse();
        throttle.failed(at("10.0.0.1"));
        assertThat(throttle.blocked(at("10.0.0.1"))).isTrue();
        assertThat(throttle.blocked(at("10.0.0.2"))).isFalse();
    }

    @Test
    void theWindowStartsAtTheFirstFailureAndEndsOnTime() {
        AuthThrottle throttle = new AuthThrottle(2, WINDOW, 100, clock::get);
        throttle.failed(at("10.0.0.1"));
        clock.addAndGet(WINDOW.toNanos() / 2);
        throttle.failed(at("10.0.0.1"));
        assertThat(throttle.blocked(at("10.0.0.1"))).isTrue();
        clock.addAndGet(WINDOW.toNanos() / 2 - 1);
        assertThat(throttle.blocked(at("10.0.0.1"))).isTrue();
        clock.addAndGet(1);
        assertThat(throttle.blocked(at("10.0.0.1"))).isFalse();
        throttle.failed(at("10.0.0.1"));
        assertThat(throttle.blocked(at("10.0.0.1"))).as("a new window, one failure").isFalse();
    }

    @Test
    void thePortDoesNotMatterAndAnIpv6ClientIsItsSlash64() {
        AuthThrottle throttle = new AuthThrottle(2, WINDOW, 100, clock::get);
        throttle.failed(new InetSocketAddress("10.0.0.1", 1));
        throttle.failed(new InetSocketAddress("10.0.0.1", 2));
        assertThat(throttle.blocked(new InetSocketAddress("10.0.0.1", 3))).isTrue();
        throttle.failed(at("2001:db8:1:2::1"));
        throttle.failed(at("2001:db8:1:2:ffff::9"));
        assertThat(throttle.blocked(at("2001:db8:1:2::77"))).isTrue();
        assertThat(throttle.blocked(at("2001:db8:1:3::1"))).isFalse();
    }

    @Test
    void theTableStaysBoundedAndKeepsTheActiveAttacker() {
        AuthThrottle throttle = new AuthThrottle(3, WINDOW, 1000, clock::get);
        for (int i = 0; i < 3; i++) {
            throttle.failed(at("192.0.2.1"));
        }
        for (int i = 0; i < 100_000; i++) {
            throttle.failed(at("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
            if (i % 500 == 0) {
                throttle.blocked(at("192.0.2.1")); // the attacker keeps trying: recently seen, kept
            }
        }
        assertThat(throttle.size()).isEqualTo(1000);
        assertThat(throttle.blocked(at("192.0.2.1"))).isTrue();
    }

    @Test
    void tryAcquireCountsUpToTheLimitPerAddressAndWindow() {
        AuthThrottle registrations = new AuthThrottle(2, WINDOW, 100, clock::get);
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).isTrue();
        clock.addAndGet(WINDOW.toNanos() / 2);
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).isTrue();
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).as("the third in the window").isFalse();
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).as("refusals count nothing").isFalse();
        assertThat(registrations.tryAcquire(at("10.0.0.2"))).as("another address").isTrue();
        clock.addAndGet(WINDOW.toNanos() / 2 - 1);
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).isFalse();
        clock.addAndGet(1);
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).as("a new window from the first one's start").isTrue();
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).isTrue();
        assertThat(registrations.tryAcquire(at("10.0.0.1"))).isFalse();
    }

    @Test
    void aCheckCountedBeforeItRunsIsGivenBackWhenRightAndNamesAreKeysOfTheirOwn() {
        AuthThrottle throttle = new AuthThrottle(2, WINDOW, 100, clock::get);
        assertThat(throttle.tryAcquire("alice")).isTrue();
        assertThat(throttle.tryAcquire("alice")).isTrue();
        assertThat(throttle.tryAcquire("alice")).as("two checks in flight: the limit").isFalse();
        assertThat(throttle.blocked("alice")).isTrue();
        throttle.refund("alice"); // one of them was right
        assertThat(throttle.blocked("alice")).isFalse();
        assertThat(throttle.tryAcquire("alice")).isTrue();
        assertThat(throttle.blocked("bob")).isFalse();
        // Never below zero, and nothing to give back in a window that has ended.
        throttle.refund("bob");
        assertThat(throttle.tryAcquire("bob")).isTrue();
        assertThat(throttle.tryAcquire("bob")).isTrue();
        assertThat(throttle.tryAcquire("bob")).isFalse();
        clock.addAndGet(WINDOW.toNanos());
        throttle.refund("alice");
        assertThat(throttle.tryAcquire("alice")).isTrue();
        assertThat(throttle.tryAcquire("alice")).isTrue();
        assertThat(throttle.tryAcquire("alice")).isFalse();
    }
}
