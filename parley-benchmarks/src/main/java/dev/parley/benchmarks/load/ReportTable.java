package dev.parley.benchmarks.load;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints a {@link Report} as an indented two-column table; long strings (encoded histograms) stay in the JSON. */
final class ReportTable {
    private static final int KEY_WIDTH = 34;
    private static final int LONGEST_VALUE = 72;

    private ReportTable() {
    }

    static void print(Report report, PrintStream out) {
        for (Map.Entry<String, Object> e : report.asMap().entrySet()) {
            if (e.getKey().equals("warnings")) {
                continue;
            }
            print(e.getKey(), e.getValue(), 0, out);
        }
        for (String warning : report.warnings()) {
            out.println("WARNING: " + warning);
        }
        out.flush();
    }

    private static void print(String key, Object value, int depth, PrintStream out) {
        String indent = "  ".repeat(depth);
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.printf("%-" + KEY_WIDTH + "s %s%n", indent + key, "(none)");
                return;
            }
            out.println(indent + key);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                print(String.valueOf(e.getKey()), e.getValue(), depth + 1, out);
            }
            return;
        }
        String text = value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        if (text.length() > LONGEST_VALUE) {
            text = "(" + text.length() + " characters, in the JSON file)";
        }
        out.printf("%-" + KEY_WIDTH + "s %s%n", indent + key, text);
    }
}
