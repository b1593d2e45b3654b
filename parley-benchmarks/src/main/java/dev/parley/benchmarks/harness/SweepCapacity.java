package dev.parley.benchmarks.harness;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A server's capacity in a rate sweep: the most deliveries per second it delivered at a step where nothing
 * was lost and the p99 latency stayed within a bound. Comparing two servers' capacities at one bound is
 * comparing their throughput "at the same p99". Pure: the medians come from the harness's results.
 */
final class SweepCapacity {
    /** One step of a sweep, the medians of its runs. */
    record Step(double deliveriesPerSec, double p99Micros, double lossPercent) {
    }

    private SweepCapacity() {
    }

    /**
     * The highest {@code deliveriesPerSec} among the steps with no loss and p99 at most {@code p99BoundMicros};
     * empty when no step qualifies (or a step lacks a figure: a failed run proves nothing).
     */
    static OptionalDouble within(List<Step> steps, double p99BoundMicros) {
        OptionalDouble best = OptionalDouble.empty();
        for (Step s : steps) {
            boolean measured = !Double.isNaN(s.deliveriesPerSec()) && !Double.isNaN(s.p99Micros())
                    && !Double.isNaN(s.lossPercent());
            if (measured && s.lossPercent() == 0 && s.p99Micros() <= p99BoundMicros
                    && (best.isEmpty() || s.deliveriesPerSec() > best.getAsDouble())) {
                best = OptionalDouble.of(s.deliveriesPerSec());
            }
        }
        return best;
    }
}
