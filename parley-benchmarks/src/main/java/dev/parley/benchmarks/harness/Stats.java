package dev.parley.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/** Median and spread of repeated runs. */
record Stats(double median, double min, double max, int count) {
    static Stats of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length);
    }

    /** Spread as a percentage of the median: (max - min) / median. */
    double spreadPercent() {
        return median == 0 ? 0 : 100 * (max - min) / Math.abs(median);
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {median, min, max});
    }
}
