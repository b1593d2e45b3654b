package dev.parley.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-07T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aSessionIsValidUntilItsTtlEnds() {
        TestClock clock = new TestClock();
        SessionStore store = new SessionStore(clock, Duration.ofHours(24), 10);
        String id = store.create();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(store.isValid(id)).isTrue();
        clock.now = clock.now.plus(Duration.ofHours(24)).minusMillis(1);
        assertThat(store.isValid(id)).isTrue();
        clock.now = clock.now.plusMillis(1);
        assertThat(store.isValid(id)).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    void unknownMalformedOrOverlongIdsAreNotValid() {
        SessionStore store = new SessionStore(new TestClock(), Duration.ofHours(1), 10);
        String id = store.create();
        assertThat(store.isValid(id.substring(1))).isFalse();
        assertThat(store.isValid(id + "0")).isFalse();
        assertThat(store.isValid(null)).isFalse();
        assertThat(store.isValid(42)).isFalse();
        assertThat(store.isValid("")).isFalse();
        assertThat(store.isValid("0".repeat(1_000_000))).isFalse();
        assertThat(store.isValid(id)).isTrue();
    }

    @Test
    void atMostMaxSessionsAreKeptTheOldestForgottenFirst() {
        SessionStore store = new SessionStore(new TestClock(), Duration.ofHours(1), 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(store.create());
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.isValid(ids.get(0))).isFalse();
        assertThat(ids.subList(1, 4)).allMatch(store::isValid);
    }
}
