package dev.parley.benchmarks.harness;

import java.util.List;

/**
 * One setting of a scenario (connections, messages in flight, rate...).
 *
 * @param label how the report names it ("N=100 k=1")
 * @param generatorArgs the load generator's options for it
 * @param size the number a chart puts on its axis (connections, rate)
 */
record Variant(String label, List<String> generatorArgs, long size) {
}
