package dev.parley.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parser of the Prometheus text exposition format (0.0.4), strict enough to fail on what Prometheus
 * would refuse: {@code # HELP} and {@code # TYPE} lines, samples {@code name{label="value",...} value},
 * label values with the three escapes ({@code \\}, {@code \"}, {@code \n}), names of the allowed characters,
 * and a TYPE that names a known type and comes before its samples.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                check(parts.length == 2 && validName(parts[0]), "bad TYPE line: " + line);
                check(Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]),
                        "unknown type: " + line);
                check(parsed.types.put(parts[0], parts[1]) == null, "second TYPE for " + parts[0]);
            } else if (line.startsWith("#")) {
                check(line.startsWith("# HELP ") || line.startsWith("# "), "bad comment: " + line);
            } else {
                parsed.samples.add(parsed.sample(line));
            }
        }
        return parsed;
    }

    private Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        check(validName(name), "bad metric name in: " + line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                check(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "bad label name in: " + line);
                check(line.charAt(eq + 1) == '"', "unquoted label value in: " + line);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        check(escaped == '\\' || escaped == '"' || escaped == 'n', "bad escape in: " + line);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                }
                check(labels.put(label, value.toString()) == null, "repeated label in: " + line);
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        check(line.charAt(i) == ' ', "no space before the value in: " + line);
        String[] rest = line.substring(i + 1).split(" ");
        check(rest.length <= 2, "extra fields in: " + line);
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        check(types.containsKey(family(name)), "sample before its TYPE, or without one: " + line);
        return new Sample(name, labels, value);
    }

    /** The family a sample belongs to: its name without a histogram's or summary's suffix. */
    private String family(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_bucket", "_count", "_sum", "_max", "_created")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static boolean validName(String name) {
        return name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    List<Sample> samples() {
        return samples;
    }

    String type(String family) {
        return types.get(family);
    }

    /** Every sample name. */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The value of the one sample with this name and (at least) these labels; 0 if there is none. */
    double value(String name, String... labelPairs) {
        double found = 0;
        int matches = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labelPairs)) {
                found = sample.value();
                matches++;
            }
        }
        check(matches <= 1, matches + " samples of " + name + " match " + List.of(labelPairs));
        return found;
    }

    /** The sum of the samples with this name and (at least) these labels. */
    double sum(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name().equals(name) && hasLabels(s, labelPairs))
                .mapToDouble(Sample::value).sum();
    }

    private static boolean hasLabels(Sample sample, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(sample.labels().get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
