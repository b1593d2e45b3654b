package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The heartbeat timeouts' tick: coarse with real heartbeats (idle cost), fine with short ones (precision). */
class HeartbeatTickTest {
    private static long tickFor(Duration pingTimeout) {
        return EngineCore.tickMillis(EngineIoConfig.builder().pingTimeout(pingTimeout).build());
    }

    @Test
    void theDefaultHeartbeatTicksEvery100Ms() {
        assertThat(EngineCore.tickMillis(EngineIoConfig.defaults())).isEqualTo(100);
    }

    @Test
    void theTickIsAtMostAShareOfThePingTimeout() {
        assertThat(tickFor(Duration.ofSeconds(5))).isEqualTo(25);
        assertThat(tickFor(Duration.ofSeconds(5)) * EngineCore.TICKS_PER_PING_TIMEOUT).isLessThanOrEqualTo(5_000);
    }

    @Test
    void shortHeartbeatsKeepThe10MsTick() {
        assertThat(tickFor(Duration.ofMillis(200))).isEqualTo(10);
        assertThat(tickFor(Duration.ofMillis(1))).isEqualTo(10);
    }

    @Test
    void longHeartbeatsNeverTickSlowerThan100Ms() {
        assertThat(tickFor(Duration.ofMinutes(10))).isEqualTo(100);
    }
}
