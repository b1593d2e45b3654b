package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Micrometer stays out of the core: only parley-metrics (and the app, through it) depends on it; the layers
 * report through their observer interfaces. This module's test class path holds every core module
 * (websocket, engineio, socketio, server, adapter-redis) and all they pull in, so a Micrometer dependency
 * added to any of them, directly or transitively, fails this test.
 */
class MicrometerFreeCoreTest {
    @Test
    void noCoreModuleBringsMicrometer() {
        String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        assertThat(Arrays.stream(classPath).filter(entry -> entry.contains("parley-socketio")
                || entry.contains("parley-server") || entry.contains("parley-websocket")
                || entry.contains("parley-engineio"))).hasSizeGreaterThanOrEqualTo(4);
        assertThat(classPath).noneMatch(entry -> entry.contains("micrometer") || entry.contains("prometheus"));
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
