package dev.parley.benchmarks.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One server under test, started as its own process and stopped by its PID (never by name). */
final class ServerProcess implements AutoCloseable {
    /** G1's {@code GC.heap_info}: "total 1048576K, used 8192K" (Java 17), "total reserved ..., committed ..., used ...". */
    private static final Pattern JAVA_HEAP_USED = Pattern.compile("total (?:reserved \\d+K, committed )?\\d+K, used (\\d+)K");
    /** ZGC's {@code GC.heap_info} ("ZHeap used 32M, capacity ..."): whole megabytes only. */
    private static final Pattern ZGC_HEAP_USED = Pattern.compile("ZHeap\\s+used (\\d+)M");
    private static final Pattern GC_LINE = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\].* GC\\((\\d+)\\) (.*)$");
    private static final Pattern PAUSE = Pattern.compile("Pause.* (\\d+(?:\\.\\d+)?)ms$");
    private static final Pattern NODE_MEMORY = Pattern.compile("MEM \\{.*\"heapUsed\":(\\d+).*\\}");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    final ServerKind kind;
    final Path log;
    final Path gcLog;
    private final Process process;
    private final String jcmd;
    private final long startedNanos = System.nanoTime();

    private ServerProcess(ServerKind kind, Process process, String jcmd, Path log, Path gcLog) {
        this.kind = kind;
        this.jcmd = jcmd;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    static ServerProcess start(ServerKind kind, ServerKind.Paths paths, int port, Path dir, String name, String heap,
            HarnessScenario.ServerSetup setup) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path gcLog = dir.resolve(name + ".gc.log");
        List<String> command = kind.command(paths, port, gcLog, heap, setup.parleyArgs());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(setup.environment());
        Process process = builder.start();
        ServerProcess server = new ServerProcess(kind, process, paths.jcmdFor(kind), log, gcLog);
        if (kind.isParley()) {
            // Its own word, not a connect: with SO_REUSEPORT another process may already answer on the port.
            server.awaitLogLine("Parley listening on", Duration.ofSeconds(30));
        } else {
            server.awaitPort(port, Duration.ofSeconds(30));
        }
        return server;
    }

    /** Open file descriptors (sockets included): how many connections a process holds, whoever counts. */
    long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.count();
        }
    }

    long pid() {
        return process.pid();
    }

    private void awaitLogLine(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(kind.label + " exited at start: see " + log);
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                Thread.sleep(100);
                return;
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException(kind.label + " did not log '" + text + "' within " + timeout);
    }

    private void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(kind.label + " exited at start: see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                Thread.sleep(300); // the listener is bound; let the rest of start-up finish
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IOException(kind.label + " did not listen on " + port + " within " + timeout);
    }

    /**
     * Live heap after full collections, in bytes: the used heap after two {@code System.gc()}s for Java
     * ({@code jcmd}; G1 in KB, ZGC in whole MB, and ZGC's includes pages it chose not to compact), V8's
     * {@code heapUsed} after two {@code gc()}s for Node.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        if (kind.runtime == ServerKind.Runtime.JAVA) {
            run(jcmd, Long.toString(pid()), "GC.run");
            run(jcmd, Long.toString(pid()), "GC.run");
            long used = usedHeapBytes(run(jcmd, Long.toString(pid()), "GC.heap_info"));
            if (used < 0) {
                throw new IOException("no heap figure from jcmd for " + kind.label);
            }
            return used;
        }
        int before = countMemoryLines();
        run("kill", "-USR2", Long.toString(pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> memory = lines.stream().filter(l -> l.startsWith("MEM ")).toList();
            if (memory.size() > before) {
                Matcher m = NODE_MEMORY.matcher(memory.get(memory.size() - 1));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no MEM line from " + kind.label);
    }

    /** The used heap in {@code jcmd GC.heap_info}'s output (G1 on Java 17 or 25, ZGC), or -1. */
    static long usedHeapBytes(String heapInfo) {
        Matcher m = JAVA_HEAP_USED.matcher(heapInfo);
        if (m.find()) {
            return Long.parseLong(m.group(1)) * 1024;
        }
        Matcher z = ZGC_HEAP_USED.matcher(heapInfo);
        return z.find() ? Long.parseLong(z.group(1)) * 1024 * 1024 : -1;
    }

    private int countMemoryLines() throws IOException {
        return (int) Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("MEM ")).count();
    }

    /** Resident set size, bytes (heap, direct buffers, code, the runtime: what the machine pays). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    /** CPU seconds the process has used so far (user + system, all threads). */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: field 3 is state, so utime (14) and stime (15) are at 11 and 12.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of the JVM's JIT compiler threads ("C1 CompilerThre..", "C2 CompilerThre.."): after a burst
     * of connections they go on compiling for a minute or more, which an idle window would otherwise charge
     * to the idle connections. 0 for Node (its compiler threads are not told apart) or a thread that ended.
     */
    double jitCpuSeconds() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).strip().matches("C[12] CompilerThre.*")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException ended) {
                    // The thread ended between the listing and the read: nothing to count.
                }
            }
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** Seconds since the process started: GC log timestamps count from (about) there. */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * What the GC log says after {@code fromUptimeSeconds} (the start of a measured window; the warm-up's
     * collections do not count): collections (G1: one per pause; ZGC: one per concurrent cycle, each with
     * three short pauses), pauses, their total and longest, in milliseconds. Empty for Node.
     */
    Optional<GcActivity> gcActivity(double fromUptimeSeconds) throws IOException {
        if (kind.runtime != ServerKind.Runtime.JAVA || !Files.exists(gcLog)) {
            return Optional.empty();
        }
        return Optional.of(GcActivity.of(Files.readAllLines(gcLog), fromUptimeSeconds));
    }

    /** The longest GC pause after {@code fromUptimeSeconds}, in milliseconds; empty for Node. */
    OptionalDouble maxGcPauseMillis(double fromUptimeSeconds) throws IOException {
        return gcActivity(fromUptimeSeconds).map(gc -> OptionalDouble.of(gc.pauseMaxMillis()))
                .orElse(OptionalDouble.empty());
    }

    /** A window's collections and pauses (milliseconds), from the server's GC log. */
    record GcActivity(int collections, int pauses, double pauseTotalMillis, double pauseMaxMillis) {
        /** From the lines of a {@code -Xlog:gc} (G1) or {@code -Xlog:gc,gc+phases} (ZGC) log. */
        static GcActivity of(List<String> lines, double fromUptimeSeconds) {
            Set<String> collections = new HashSet<>();
            int pauses = 0;
            double total = 0;
            double max = 0;
            for (String line : lines) {
                Matcher m = GC_LINE.matcher(line);
                if (!m.find() || Double.parseDouble(m.group(1)) < fromUptimeSeconds) {
                    continue;
                }
                collections.add(m.group(2));
                Matcher pause = PAUSE.matcher(m.group(3));
                if (pause.find()) {
                    double ms = Double.parseDouble(pause.group(1));
                    pauses++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
            return new GcActivity(collections.size(), pauses, total, max);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
