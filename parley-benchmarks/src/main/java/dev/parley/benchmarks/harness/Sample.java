package dev.parley.benchmarks.harness;

import java.util.List;
import java.util.Map;

/** The figures of one run: one server, one variant of a scenario, one repetition. */
record Sample(String scenario, String variant, ServerKind server, int repetition, Map<String, Double> figures,
        List<String> warnings) {
}
