package dev.parley.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine-wide CPU counters of Linux's {@code /proc/stat} first line, in clock ticks:
 * {@code cpu user nice system idle iowait irq softirq steal guest guest_nice} (proc(5)).
 *
 * @param busy user + nice + system + irq + softirq
 * @param total busy + idle + iowait + steal (guest time is already counted in user and nice)
 */
record ProcStat(long busy, long total) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters now, or null where there is no {@code /proc/stat}. */
    static ProcStat read() {
        try {
            return parse(Files.readAllLines(PROC_STAT).get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static ProcStat parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("Not the cpu line of /proc/stat: " + cpuLine);
        }
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long idle = Long.parseLong(f[4]);
        long iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = Long.parseLong(f[8]);
        long busy = user + nice + system + irq + softirq;
        return new ProcStat(busy, busy + idle + iowait + steal);
    }

    /**
     * The CPU time of process {@code pid} in clock ticks, the unit of {@code /proc/stat}: utime + stime,
     * fields 14 and 15 of {@code /proc/<pid>/stat} (proc(5)). -1 if the process cannot be read.
     */
    static long processTicks(long pid) {
        try {
            return parseProcessTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseProcessTicks(String pidStat) {
        // The command name, field 2, is in parentheses and may hold spaces: count fields after its end.
        String[] f = pidStat.substring(pidStat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /** The busy fraction of all cores between {@code earlier} and this, 0..1. */
    double busyFractionSince(ProcStat earlier) {
        long totalDelta = total - earlier.total;
        return totalDelta <= 0 ? 0 : (double) (busy - earlier.busy) / totalDelta;
    }
}
