package dev.parley.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU used between two samples: by this process (the generator: event loops, JIT, GC), from the JVM's
 * {@code com.sun.management.OperatingSystemMXBean}; by the whole machine, from {@code /proc/stat}; and,
 * given their process ids, by the server processes (a cluster has several), from {@code /proc/<pid>/stat}. A
 * generator above {@value #SATURATION_CORES} of a core is flagged as saturated: its own delays may then be
 * part of what it measures.
 */
final class CpuMeter {
    /** Cores of generator CPU above which the run is flagged {@code generatorSaturated}. */
    static final double SATURATION_CORES = 0.9;

    /**
     * One sample: wall clock, process CPU time, machine counters (null off Linux), each server's ticks (-1: not
     * readable).
     */
    record Sample(long wallNanos, long processCpuNanos, ProcStat system, long[] serverTicks) {
    }

    private final long[] serverPids;

    /** @param serverPids the server processes' ids, to report their CPU too (same machine); empty for none */
    CpuMeter(List<Long> serverPids) {
        this.serverPids = serverPids.stream().mapToLong(Long::longValue).filter(pid -> pid > 0).toArray();
    }

    Sample sample() {
        long[] ticks = new long[serverPids.length];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = ProcStat.processTicks(serverPids[i]);
        }
        return new Sample(System.nanoTime(), processCpuNanos(), ProcStat.read(), ticks);
    }

    /** Report figures of the CPU used from {@code from} to {@code to}. */
    static Map<String, Object> between(Sample from, Sample to) {
        double wallSeconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        double cpuSeconds = (to.processCpuNanos() - from.processCpuNanos()) / 1e9;
        double cores = wallSeconds > 0 ? cpuSeconds / wallSeconds : 0;
        int processors = Runtime.getRuntime().availableProcessors();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallSeconds", round(wallSeconds, 2));
        m.put("generatorCpuSeconds", round(cpuSeconds, 2));
        m.put("generatorCores", round(cores, 2));
        m.put("generatorSaturated", cores > SATURATION_CORES);
        if (from.system() != null && to.system() != null) {
            double busy = to.system().busyFractionSince(from.system());
            m.put("systemBusyPercent", round(busy * 100, 1));
            m.put("systemBusyCores", round(busy * processors, 2));
            long ticks = to.system().total() - from.system().total();
            putServerCores(m, from.serverTicks(), to.serverTicks(), ticks, processors);
        }
        m.put("processors", processors);
        return m;
    }

    /**
     * {@code serverCores}: all the servers together; with several, {@code serverCoresEach} too, in the order of
     * {@code --server-pid}. Nothing when a server's ticks could not be read (it ended).
     */
    private static void putServerCores(Map<String, Object> m, long[] from, long[] to, long machineTicks,
            int processors) {
        if (from.length == 0 || machineTicks <= 0) {
            return;
        }
        List<Double> each = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i] < 0 || to[i] < 0) {
                return;
            }
            // Both in clock ticks; the machine's total counts every core.
            double cores = (double) (to[i] - from[i]) / machineTicks * processors;
            each.add(round(cores, 2));
            total += cores;
        }
        m.put("serverCores", round(total, 2));
        if (each.size() > 1) {
            m.put("serverCoresEach", each);
        }
    }

    /**
     * CPU seconds the servers used together from {@code from} to {@code to}, unrounded (for figures per
     * message); NaN without servers, off Linux, or when a server's ticks could not be read.
     */
    static double serverCpuSeconds(Sample from, Sample to) {
        if (from.system() == null || to.system() == null || from.serverTicks().length == 0) {
            return Double.NaN;
        }
        long machineTicks = to.system().total() - from.system().total();
        long ticks = 0;
        for (int i = 0; i < from.serverTicks().length; i++) {
            if (from.serverTicks()[i] < 0 || to.serverTicks()[i] < 0) {
                return Double.NaN;
            }
            ticks += to.serverTicks()[i] - from.serverTicks()[i];
        }
        double wallSeconds = (to.wallNanos() - from.wallNanos()) / 1e9;
        int processors = Runtime.getRuntime().availableProcessors();
        // The machine's ticks count every core: its total over the wall time is ticks per core-second.
        return machineTicks <= 0 ? Double.NaN : (double) ticks / machineTicks * processors * wallSeconds;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
