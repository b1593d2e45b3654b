package dev.parley.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.benchmarks.harness.SweepCapacity.Step;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SweepCapacityTest {
    private static final List<Step> SWEEP = List.of(new Step(25_000, 8_000, 0), new Step(50_000, 20_000, 0),
            new Step(100_000, 90_000, 0), new Step(150_000, 40_000, 1.5));

    @Test
    void theHighestRateWithinTheBoundAndWithoutLoss() {
        assertThat(SweepCapacity.within(SWEEP, 20_000)).hasValue(50_000);
        assertThat(SweepCapacity.within(SWEEP, 19_999)).hasValue(25_000);
        assertThat(SweepCapacity.within(SWEEP, 100_000)).hasValue(100_000); // 150k lost 1.5%: not counted
    }

    @Test
    void noneWhenNoStepQualifiesOrAFigureIsMissing() {
        assertThat(SweepCapacity.within(SWEEP, 5_000)).isEqualTo(OptionalDouble.empty());
        assertThat(SweepCapacity.within(List.of(new Step(25_000, Double.NaN, 0)), 1e9)).isEqualTo(OptionalDouble.empty());
    }
}
