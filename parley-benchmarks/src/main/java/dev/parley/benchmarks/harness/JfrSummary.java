package dev.parley.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flight recording summed up as Markdown: the hottest methods by execution samples (self: the top frame;
 * total: anywhere on the stack), allocation by class (the weights of {@code jdk.ObjectAllocationSample}, an
 * estimate of the bytes) and the GC's collections and pauses. Run with the JDK that made the recording
 * (a JDK 17 reader may not read a newer JDK's file): {@code java -cp benchmarks.jar
 * dev.parley.benchmarks.harness.JfrSummary RECORDING.jfr SUMMARY.md "title"}.
 */
public final class JfrSummary {
    static final int TOP = 15;

    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> total = new HashMap<>();
    private final Map<String, Long> allocated = new HashMap<>();
    private final Map<String, long[]> gcs = new LinkedHashMap<>(); // name -> count, pause total ns, longest ns
    private long samples;
    private long allocatedTotal;

    public static void main(String[] args) throws IOException {
        Path recording = Path.of(args[0]);
        Path summary = Path.of(args[1]);
        String title = args.length > 2 ? args[2] : recording.getFileName().toString();
        Files.writeString(summary, of(recording).markdown(title));
    }

    static JfrSummary of(Path recording) throws IOException {
        JfrSummary s = new JfrSummary();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                s.add(file.readEvent());
            }
        }
        return s;
    }

    private void add(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case "jdk.ExecutionSample" -> sample(e.getStackTrace());
            case "jdk.ObjectAllocationSample" -> {
                long weight = e.getLong("weight");
                allocated.merge(readable(e.getClass("objectClass").getName()), weight, Long::sum);
                allocatedTotal += weight;
            }
            case "jdk.GarbageCollection" -> {
                long[] gc = gcs.computeIfAbsent(e.getString("name"), n -> new long[3]);
                gc[0]++;
                gc[1] += nanos(e.getDuration("sumOfPauses"));
                gc[2] = Math.max(gc[2], nanos(e.getDuration("longestPause")));
            }
            default -> {
            }
        }
    }

    private void sample(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(method(frames.get(0)), 1L, Long::sum);
        Set<String> seen = new HashSet<>();
        for (RecordedFrame f : frames) {
            if (seen.add(method(f))) {
                total.merge(method(f), 1L, Long::sum);
            }
        }
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** A JVM array descriptor ({@code [J}, {@code [Ljava.lang.String;}) as Java writes it; other names as they are. */
    static String readable(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = switch (name.substring(dims)) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> name.substring(dims + 1, name.length() - 1); // Lsome.Class;
        };
        return element + "[]".repeat(dims);
    }

    private static long nanos(Duration d) {
        return d == null || d.isNegative() ? 0 : d.toNanos();
    }

    String markdown(String title) {
        StringBuilder out = new StringBuilder("# Profile: ").append(title).append("\n\n");
        out.append("From a flight recording (settings `profile`) of one run, made after the measured runs.\n\n");
        out.append("## Hot methods, self (").append(samples).append(" execution samples)\n\n");
        top(out, self, samples, "samples");
        out.append("\n## Hot methods, total (on the stack)\n\n");
        top(out, total, samples, "samples");
        out.append("\n## Allocation by class (sampled weight, about ").append(megabytes(allocatedTotal))
                .append(" MB in all)\n\n");
        top(out, allocated, allocatedTotal, "MB");
        out.append("\n## GC\n\n");
        if (gcs.isEmpty()) {
            out.append("No collection.\n");
        } else {
            out.append("| collector | collections | pauses, total ms | longest pause ms |\n| --- | ---: | ---: | ---: |\n");
            gcs.forEach((name, gc) -> out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f |%n", name, gc[0],
                    gc[1] / 1e6, gc[2] / 1e6)));
        }
        return out.toString();
    }

    private static void top(StringBuilder out, Map<String, Long> counts, long all, String unit) {
        if (counts.isEmpty()) {
            out.append("None recorded.\n");
            return;
        }
        out.append("| | ").append(unit).append(" | % |\n| --- | ---: | ---: |\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> out.append("| `").append(e.getKey()).append("` | ")
                        .append(unit.equals("MB") ? megabytes(e.getValue()) : Long.toString(e.getValue())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", 100.0 * e.getValue() / Math.max(1, all)))
                        .append(" |\n"));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
