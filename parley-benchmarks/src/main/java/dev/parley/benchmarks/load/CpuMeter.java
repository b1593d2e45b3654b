package dev.parley.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used between two samples: by this process (the generator: event loops, JIT, GC), from the JVM's
 * {@code com.sun.management.OperatingSystemMXBean}; by the whole machine, from {@code /proc/stat}; and,
 * given its process id, by the server, from {@code /proc/<pid>/stat}. A
 * generator above {@value #SATURATION_CORES} of a core is flagged as saturated: its own delays may then be
 * part of what it measures.
 */
final class CpuMeter {
    /** Cores of generator CPU above which the run is flagged {@code generatorSaturated}. */
    static final double SATURATION_CORES = 0.9;

    /** One sample: wall clock, process CPU time, machine counters (null off Linux), server ticks (-1: none). */
    record Sample(long wallNanos, long processCpuNanos, ProcStat system, long serverTicks) {
    }

    private final long serverPid;

    /** @param serverPid the server's process id, to report its CPU too (same machine); 0 for none */
    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    Sample sample() {
        return new Sample(System.nanoTime(), processCpuNanos(), ProcStat.read(),
                serverPid > 0 ? ProcStat.processTicks(serverPid) : -1);
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
            if (from.serverTicks() >= 0 && to.serverTicks() >= 0 && ticks > 0) {
                // Both in clock ticks; the machine's total counts every core.
                m.put("serverCores", round((double) (to.serverTicks() - from.serverTicks()) / ticks * processors, 2));
            }
        }
        m.put("processors", processors);
        return m;
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
