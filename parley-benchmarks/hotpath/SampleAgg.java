// Aggregates the jdk.ExecutionSample events of a recording of parley-benchmarks/hotpath/hotpath-profile.sh: samples
// per thread group, by top frame (self), and by method anywhere on the stack (inclusive, counted once per sample),
// each also per 1,000 messages so that runs of different speed compare. Sampling is of running Java threads only.
import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;

public class SampleAgg {
    public static void main(String[] a) throws Exception {
        long messages = Long.parseLong(a[1]);
        int n = a.length > 2 ? Integer.parseInt(a[2]) : 30;
        String filter = a.length > 3 ? a[3] : null; // a prefix: only stacks with a frame of it count in "inclusive"
        Map<String, Long> byThread = new HashMap<>(), self = new HashMap<>(), incl = new HashMap<>(), firstOwn = new HashMap<>();
        long total = 0;
        try (RecordingFile f = new RecordingFile(Path.of(a[0]))) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
                RecordedThread t = e.getThread("sampledThread");
                String tn = t == null ? "?" : String.valueOf(t.getJavaName()).replaceAll("\\d+", "N");
                if (tn.contains("JFR")) continue;
                total++;
                byThread.merge(tn, 1L, Long::sum);
                RecordedStackTrace st = e.getStackTrace();
                if (st == null) continue;
                List<RecordedFrame> fr = st.getFrames();
                if (fr.isEmpty()) continue;
                self.merge(name(fr.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame x : fr) {
                    String m = method(x);
                    if (seen.add(m)) incl.merge(m, 1L, Long::sum);
                }
                String own = fr.stream().filter(x -> x.getMethod().getType().getName().startsWith("dev.parley")).findFirst()
                        .map(SampleAgg::method).orElse("(no parley frame)");
                firstOwn.merge(own, 1L, Long::sum);
            }
        }
        System.out.printf("samples %,d, messages %,d => %.2f samples per 1,000 messages%n", total, messages, 1000.0 * total / messages);
        print("by thread", byThread, total, messages, 12);
        print("self (top frame)", self, total, messages, n);
        print("innermost parley frame", firstOwn, total, messages, n);
        print("inclusive", incl, total, messages, n * 2);
    }
    static String method(RecordedFrame x) {
        return x.getMethod().getType().getName().replaceAll("^.*\\.", "") + "." + x.getMethod().getName();
    }
    static String name(RecordedFrame x) {
        return method(x) + ":" + x.getLineNumber();
    }
    static void print(String title, Map<String, Long> m, long total, long messages, int n) {
        System.out.println("== " + title);
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
            .forEach(e -> System.out.printf("%6.1f%% %7.2f /1k msg  %s%n", 100.0 * e.getValue() / total, 1000.0 * e.getValue() / messages, e.getKey()));
    }
}
