package dev.parley.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The heartbeat wheel: never early, at most a tick late, entries moved and dropped in place. */
class TickWheelTest {
    private static final long TICK = 100;

    private final List<String> ran = new ArrayList<>();
    private final TickWheel wheel = new TickWheel(TICK, 8, 0);

    private Entry entry(String name) {
        return new Entry(name, e -> { });
    }

    private final class Entry extends TickEntry {
        final String name;
        final Consumer<Entry> action;

        Entry(String name, Consumer<Entry> action) {
            this.name = name;
            this.action = action;
        }

        @Override
        void expire() {
            ran.add(name);
            action.accept(this);
        }
    }

    @Test
    void anEntryRunsAtTheFirstTickAtOrAfterItsDeadline() {
        Entry a = entry("a");
        wheel.arm(a, 250);
        assertThat(wheel.tickOf(a)).isEqualTo(3);
        wheel.expire(299);
        assertThat(ran).as("never early").isEmpty();
        wheel.expire(300);
        assertThat(ran).containsExactly("a");
        assertThat(wheel.isArmed(a)).isFalse();
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void aDeadlineOnTheGridRunsAtItsOwnTick() {
        Entry a = entry("a");
        wheel.arm(a, 300);
        wheel.expire(300);
        assertThat(ran).containsExactly("a");
    }

    @Test
    void entriesDueInOneTickRunTogetherInOneCall() {
        for (int i = 0; i < 5; i++) {
            wheel.arm(entry("e" + i), 201 + i * 10);
        }
        wheel.arm(entry("later"), 301);
        assertThat(wheel.nextTick()).isEqualTo(3);
        wheel.expire(300);
        assertThat(ran).containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4");
        assertThat(wheel.nextTick()).isEqualTo(4);
    }

    @Test
    void aDeadlineAlreadyPassedRunsAtTheNextTickNeverAtOneAlreadyRun() {
        wheel.expire(500);
        Entry a = entry("a");
        wheel.arm(a, 100);
        assertThat(wheel.tickOf(a)).isEqualTo(6);
        wheel.expire(599);
        assertThat(ran).isEmpty();
        wheel.expire(600);
        assertThat(ran).containsExactly("a");
    }

    @Test
    void armingAgainMovesTheEntryAndDisarmingDropsIt() {
        Entry a = entry("a");
        Entry b = entry("b");
        wheel.arm(a, 200);
        wheel.arm(b, 200);
        wheel.arm(a, 500); // a pong: from the deadline to the next ping
        wheel.disarm(b);
        wheel.disarm(b); // twice is harmless
        assertThat(wheel.size()).isEqualTo(1);
        wheel.expire(400);
        assertThat(ran).isEmpty();
        wheel.expire(500);
        assertThat(ran).containsExactly("a");
    }

    @Test
    void anEntryBeyondOneRoundWaitsForItsRound() {
        // 8 buckets of 100: 1,250 shares its bucket with 450.
        Entry far = entry("far");
        Entry near = entry("near");
        wheel.arm(far, 1_250);
        wheel.arm(near, 450);
        wheel.expire(500);
        assertThat(ran).containsExactly("near");
        assertThat(wheel.isArmed(far)).isTrue();
        wheel.expire(1_299);
        assertThat(ran).containsExactly("near");
        wheel.expire(1_300);
        assertThat(ran).containsExactly("near", "far");
    }

    @Test
    void aLateCallRunsEverythingDueEvenMoreThanARoundLate() {
        wheel.arm(entry("a"), 150);
        wheel.arm(entry("b"), 750);
        wheel.arm(entry("c"), 2_050);
        wheel.expire(5_000);
        assertThat(ran).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(wheel.isEmpty()).isTrue();
        assertThat(wheel.nextTick()).isEqualTo(TickWheel.NONE);
    }

    @Test
    void anEntryMayDisarmAnotherDueInTheSameRunOrArmItselfAgain() {
        Entry victim = entry("victim");
        Entry killer = new Entry("killer", e -> wheel.disarm(victim));
        Entry again = new Entry("again", e -> {
            if (ran.stream().filter("again"::equals).count() == 1) {
                wheel.arm(e, 150); // already passed: at the next tick, not in this run
            }
        });
        wheel.arm(killer, 100);
        wheel.arm(victim, 200); // due in the same call, later in the list
        wheel.arm(again, 200);
        wheel.expire(200);
        assertThat(ran).containsExactly("killer", "again");
        assertThat(wheel.tickOf(again)).isEqualTo(3);
        wheel.expire(300);
        assertThat(ran).containsExactly("killer", "again", "again");
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void anEmptyWheelCatchesUpWithTheClock() {
        wheel.catchUp(10_000);
        Entry a = entry("a");
        wheel.arm(a, 10_250);
        assertThat(wheel.nextTick()).as("found at once, no early wake-up").isEqualTo(103);
    }

    @Test
    void theGridHoldsOnANegativeClock() {
        TickWheel negative = new TickWheel(TICK, 8, -1_000);
        Entry a = entry("a");
        negative.arm(a, -250);
        assertThat(negative.tickOf(a)).isEqualTo(-2);
        negative.expire(-201);
        assertThat(ran).isEmpty();
        negative.expire(-200);
        assertThat(ran).containsExactly("a");
    }

    @Test
    void aThrowingEntryDoesNotStopTheOthers() {
        wheel.arm(new Entry("bad", e -> {
            throw new IllegalStateException("test");
        }), 100);
        wheel.arm(entry("good"), 100);
        wheel.expire(100);
        assertThat(ran).containsExactlyInAnyOrder("bad", "good");
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void placesGrowAndAFreedOneIsTakenAgain() {
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Entry e = entry("e" + i);
            many.add(e);
            wheel.arm(e, 100 + i);
        }
        for (int i = 0; i < 100; i += 2) {
            wheel.disarm(many.get(i));
        }
        assertThat(wheel.size()).isEqualTo(50);
        assertThat(many.get(0).id).as("no place once disarmed").isEqualTo(-1);
        Entry late = entry("late");
        wheel.arm(late, 150);
        assertThat(late.id).as("a freed place").isBetween(0, 99);
        wheel.expire(300);
        assertThat(ran).hasSize(51).contains("late", "e1", "e99").doesNotContain("e0", "e98");
    }
}
