package dev.parley.benchmarks.harness;

/**
 * One measured quantity of a scenario.
 *
 * @param key the name in a sample's map
 * @param label the column header
 * @param higherIsBetter whether a larger value is the better one (throughput) or not (latency, memory)
 * @param chart whether the report draws it (one chart per scenario and figure)
 */
record Figure(String key, String label, boolean higherIsBetter, boolean chart) {
    static Figure higher(String key, String label) {
        return new Figure(key, label, true, false);
    }

    static Figure lower(String key, String label) {
        return new Figure(key, label, false, false);
    }

    Figure charted() {
        return new Figure(key, label, higherIsBetter, true);
    }
}
