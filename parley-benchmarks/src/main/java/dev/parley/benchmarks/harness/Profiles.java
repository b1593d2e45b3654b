package dev.parley.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The profile summaries of a run's profiling pass, by scenario, setting and server. */
final class Profiles {
    private record Key(String scenario, String variant, ServerKind server) {
    }

    private final Map<Key, Path> summaries = new LinkedHashMap<>();

    static Profiles none() {
        return new Profiles();
    }

    synchronized void add(String scenario, String variant, ServerKind server, Path summary) {
        summaries.put(new Key(scenario, variant, server), summary.toAbsolutePath());
    }

    /**
     * The summary of {@code server} in {@code scenario}'s {@code variant}, else in another setting of the same
     * scenario, relative to {@code docDir}; null when it was not profiled.
     */
    synchronized String link(String scenario, String variant, ServerKind server, Path docDir) {
        Path exact = summaries.get(new Key(scenario, variant, server));
        if (exact != null) {
            return docDir.relativize(exact).toString();
        }
        return summaries.entrySet().stream()
                .filter(e -> e.getKey().scenario().equals(scenario) && e.getKey().server() == server)
                .map(e -> docDir.relativize(e.getValue()).toString()).findFirst().orElse(null);
    }

    /** One Markdown list item per summary. */
    synchronized List<String> lines(Path docDir) {
        List<String> lines = new ArrayList<>();
        summaries.forEach((k, path) -> lines.add("- " + k.scenario() + " " + k.variant() + ", " + k.server().label
                + ": [" + path.getFileName() + "](" + docDir.relativize(path) + ")"));
        return lines;
    }
}
