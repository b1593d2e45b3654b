package dev.parley.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every sample of a harness run, and their medians and spreads per scenario, variant, server and figure. */
final class Results {
    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized List<Sample> all() {
        return List.copyOf(samples);
    }

    Stats stats(String scenario, String variant, ServerKind server, String figure) {
        List<Double> values = new ArrayList<>();
        for (Sample s : all()) {
            if (s.scenario().equals(scenario) && s.variant().equals(variant) && s.server() == server) {
                Double v = s.figures().get(figure);
                if (v != null) {
                    values.add(v);
                }
            }
        }
        return Stats.of(values);
    }

    Set<ServerKind> servers(String scenario, String variant) {
        Set<ServerKind> servers = new LinkedHashSet<>();
        for (Sample s : all()) {
            if (s.scenario().equals(scenario) && s.variant().equals(variant)) {
                servers.add(s.server());
            }
        }
        return servers;
    }

    /** The settings of {@code scenario} that have samples, in the order they first ran. */
    List<String> variants(String scenario) {
        Set<String> variants = new LinkedHashSet<>();
        for (Sample s : all()) {
            if (s.scenario().equals(scenario)) {
                variants.add(s.variant());
            }
        }
        return List.copyOf(variants);
    }

    /** The servers that ran {@code scenario}, in the order they first ran. */
    List<ServerKind> servers(String scenario) {
        Set<ServerKind> servers = new LinkedHashSet<>();
        for (Sample s : all()) {
            if (s.scenario().equals(scenario)) {
                servers.add(s.server());
            }
        }
        return List.copyOf(servers);
    }

    List<String> warnings(String scenario, String variant, ServerKind server) {
        List<String> warnings = new ArrayList<>();
        for (Sample s : all()) {
            if (s.scenario().equals(scenario) && s.variant().equals(variant) && s.server() == server) {
                s.warnings().forEach(w -> warnings.add("run " + s.repetition() + ": " + w));
            }
        }
        return warnings;
    }
}
