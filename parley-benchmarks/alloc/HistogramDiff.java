import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-connection difference of two {@code jcmd GC.class_histogram}s (conn-histogram.sh's before.txt and after.txt):
 * objects and bytes per connection, in total, for {@code byte[]}, and for the classes with at least half an instance
 * per connection. G1's filler arrays ({@code jdk.internal.vm.FillerElement[]}) are dead space, not objects: left out.
 * Usage: java HistogramDiff.java DIR CONNECTIONS [ROWS]
 */
public class HistogramDiff {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double n = Double.parseDouble(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, long[]> before = read(dir.resolve("before.txt"));
        Map<String, long[]> after = read(dir.resolve("after.txt"));
        Set<String> classes = new TreeSet<>(after.keySet());
        classes.addAll(before.keySet());
        long objects = 0, bytes = 0, arrayObjects = 0, arrayBytes = 0;
        List<Object[]> table = new ArrayList<>();
        for (String c : classes) {
            if (c.contains("FillerElement")) {
                continue;
            }
            long[] b = before.getOrDefault(c, new long[2]), a = after.getOrDefault(c, new long[2]);
            long dObjects = a[0] - b[0], dBytes = a[1] - b[1];
            objects += dObjects;
            bytes += dBytes;
            if (c.equals("[B")) {
                arrayObjects = dObjects;
                arrayBytes = dBytes;
            }
            if (Math.abs(dObjects) >= n / 2) {
                table.add(new Object[] {c, dObjects / n, dBytes / n});
            }
        }
        table.sort((x, y) -> Double.compare((double) y[2], (double) x[2]));
        System.out.printf("objects/conn %.1f, bytes/conn %.0f; byte[] %.2f objects, %.0f B%n", objects / n, bytes / n,
                arrayObjects / n, arrayBytes / n);
        table.stream().limit(rows).forEach(r -> System.out.printf("  %-70s %6.2f %8.1f B%n", r));
    }

    private static Map<String, long[]> read(Path file) throws Exception {
        Map<String, long[]> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }
}
