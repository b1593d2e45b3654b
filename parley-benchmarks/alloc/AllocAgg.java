// Aggregates a JFR recording of parley-benchmarks/alloc/handler-alloc.sh: exact bytes allocated per message
// (jdk.ThreadAllocationStatistics deltas; carriers include their virtual threads) and, approximately, by site
// (jdk.ObjectAllocationSample weights: biased per site at low sample rates, use the ranking, not the bytes).
import jdk.jfr.consumer.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;

public class AllocAgg {
    public static void main(String[] a) throws Exception {
        Path p = Path.of(a[0]);
        long messages = Long.parseLong(a[1]);
        int depth = a.length > 2 ? Integer.parseInt(a[2]) : 6;
        Map<String, Long> byThread = new HashMap<>(), byClass = new HashMap<>(), byStack = new HashMap<>(), byTop = new HashMap<>();
        long total = 0, jfrOwn = 0;
        Map<String, Long> tasMin = new HashMap<>(), tasMax = new HashMap<>();
        try (RecordingFile f = new RecordingFile(p)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (e.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) {
                    RecordedThread th = e.getThread("thread");
                    String k = th == null ? "?" : th.getJavaName() + "#" + th.getJavaThreadId();
                    long v = e.getLong("allocated");
                    tasMin.merge(k, v, Math::min); tasMax.merge(k, v, Math::max);
                    continue;
                }
                if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) continue;
                long w = e.getLong("weight");
                RecordedThread t = e.getThread("eventThread");
                String tn = t == null ? "?" : (t.isVirtual() ? "<virtual>" : t.getJavaName().replaceAll("\\d+", "N"));
                if (tn.startsWith("JFR") || tn.contains("JFR")) { jfrOwn += w; continue; }
                total += w;
                byThread.merge(tn, w, Long::sum);
                String cls = e.getClass("objectClass").getName();
                byClass.merge(cls, w, Long::sum);
                RecordedStackTrace st = e.getStackTrace();
                String s = "";
                if (st != null) {
                    List<RecordedFrame> fr = st.getFrames();
                    s = fr.stream().limit(depth).map(x -> x.getMethod().getType().getName().replaceAll("^.*\\.", "") + "." + x.getMethod().getName() + ":" + x.getLineNumber()).collect(Collectors.joining(" < "));
                    String top = fr.stream().filter(x -> x.getMethod().getType().getName().startsWith("dev.parley") || x.getMethod().getType().getName().startsWith("io.netty")).findFirst().map(x -> x.getMethod().getType().getName().replaceAll("^.*\\.", "") + "." + x.getMethod().getName() + ":" + x.getLineNumber()).orElse("(no parley/netty frame)");
                    byTop.merge(top, w, Long::sum);
                }
                byStack.merge(cls + " @ " + s, w, Long::sum);
            }
        }
        System.out.printf("total (excl. JFR threads) %,d B, JFR threads %,d B, messages %,d => %,.0f B/message%n", total, jfrOwn, messages, (double) total / messages);
        long tas = 0; Map<String, Long> tasBy = new HashMap<>();
        for (String k : tasMax.keySet()) { if (k.contains("JFR")) continue; long d = tasMax.get(k) - tasMin.get(k); tas += d; tasBy.merge(k.replaceAll("\\d+", "N"), d, Long::sum); }
        System.out.printf("ThreadAllocationStatistics deltas (excl. JFR threads): %,d B => %,.0f B/message%n", tas, (double) tas / messages);
        print("TAS by thread", tasBy, tas, messages, 8);
        print("by thread", byThread, total, messages, 10);
        print("by class", byClass, total, messages, 15);
        print("by first parley/netty frame", byTop, total, messages, 15);
        print("by class + stack", byStack, total, messages, 25);
    }
    static void print(String title, Map<String, Long> m, long total, long messages, int n) {
        System.out.println("== " + title);
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
            .forEach(e -> System.out.printf("%6.1f%% %8.0f B/msg  %s%n", 100.0 * e.getValue() / total, (double) e.getValue() / messages, e.getKey()));
    }
}
