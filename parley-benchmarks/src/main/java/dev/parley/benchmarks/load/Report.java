package dev.parley.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every figure of a run, in sections of named values (numbers, strings, booleans, nested sections), in
 * the order they were put: one model for the table and the JSON file. Used by one thread.
 */
final class Report {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** The section {@code name}, created empty at the end if it does not exist. */
    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        return (Map<String, Object>) root.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
    }

    /** Something a reader of the figures must know (a saturated generator, failures). */
    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The figures with the warnings last, as written to JSON. */
    Map<String, Object> asMap() {
        Map<String, Object> all = new LinkedHashMap<>(root);
        all.put("warnings", warnings());
        return all;
    }
}
