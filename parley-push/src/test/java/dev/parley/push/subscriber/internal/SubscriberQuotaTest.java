package dev.parley.push.subscriber.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The bounds on open subscribers: per address and in total, each place given back once. */
class SubscriberQuotaTest {
    private static final InetAddress A = address("10.0.0.1");
    private static final InetAddress B = address("10.0.0.2");

    @Test
    void anAddressGetsItsMaximumAndNoMore() {
        SubscriberQuota quota = new SubscriberQuota(10, 2, "too_many_streams", "open streams");
        SubscriberQuota.Slot first = quota.acquire(A);
        assertThat(first).isNotNull();
        assertThat(quota.acquire(A)).isNotNull();
        assertThat(quota.acquire(A)).isNull();
        assertThat(quota.full()).isFalse();
        assertThat(quota.refusal().status()).isEqualTo(429);
        assertThat(new String(quota.refusal().body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"too_many_streams\",\"message\":\"this address has 2 open streams\"}");
        assertThat(quota.acquire(B)).isNotNull();
        assertThat(quota.total()).isEqualTo(3);
        first.release();
        first.release(); // once only
        assertThat(quota.total()).isEqualTo(2);
        assertThat(quota.acquire(A)).isNotNull();
        assertThat(quota.acquire(A)).isNull();
    }

    @Test
    void theTotalBoundHoldsAcrossAddresses() {
        SubscriberQuota quota = new SubscriberQuota(2, 5, "too_many_streams", "open streams");
        SubscriberQuota.Slot a = quota.acquire(A);
        assertThat(quota.acquire(B)).isNotNull();
        assertThat(quota.acquire(B)).isNull();
        assertThat(quota.full()).isTrue();
        assertThat(quota.refusal().status()).isEqualTo(503);
        a.release();
        assertThat(quota.acquire(B)).isNotNull();
        assertThat(quota.total()).isEqualTo(2);
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
