package dev.parley.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBufferTest {
    @Test
    void countsAreGroupedBySecondTypeAndReasonAndDrainedOnce() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:05.750Z"), ZoneOffset.UTC);
        EventBuffer buffer = new EventBuffer(clock);
        buffer.add("rawConnection", null, 1);
        buffer.add("rawConnection", null, 1);
        buffer.add("rawDisconnection", "ping timeout", 1);
        buffer.add("rawDisconnection", "transport close", 1);
        long second = Instant.parse("2026-12-07T10:00:05Z").toEpochMilli();
        List<Map<String, Object>> drained = buffer.drain();
        assertThat(drained).containsExactly(
                Map.of("timestamp", second, "type", "rawConnection", "count", 2L),
                Map.of("timestamp", second, "type", "rawDisconnection", "subType", "ping timeout", "count", 1L),
                Map.of("timestamp", second, "type", "rawDisconnection", "subType", "transport close", "count", 1L));
        assertThat(buffer.drain()).isEmpty();
    }
}
