package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveredMarksTest {
    @Test
    void remembersTheLatestIdsUpToItsCapacityAndForgetsTheOldestFirst() {
        DeliveredMarks marks = new DeliveredMarks(3);
        assertThat(marks.known(1)).isFalse();
        for (long id = 1; id <= 4; id++) {
            marks.remember(id);
        }
        assertThat(marks.known(1)).as("the oldest, past the capacity").isFalse();
        assertThat(marks.known(2)).isTrue();
        assertThat(marks.known(3)).isTrue();
        assertThat(marks.known(4)).isTrue();
        marks.remember(2); // again: no new entry, the others stay
        assertThat(marks.known(3)).isTrue();
    }
}
