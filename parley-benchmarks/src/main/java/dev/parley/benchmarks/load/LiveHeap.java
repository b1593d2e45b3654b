package dev.parley.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's live heap after full collections, the way the harness's S1 measures it: for a Java server,
 * {@code jcmd PID GC.run} twice, then the used heap of {@code GC.heap_info} (G1: {@code total ..K, used ..K});
 * for a Node peer started with {@code --expose-gc} and the peers' {@code report-memory.mjs}, {@code kill -USR2}
 * makes it collect twice and print {@code MEM {...}} to its log, whose {@code heapUsed} is read.
 */
final class LiveHeap {
    private static final Pattern JAVA_HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern NODE_HEAP_USED = Pattern.compile("MEM \\{.*\"heapUsed\":(\\d+).*\\}");

    private final long pid;
    private final Path nodeLog;

    /** @param nodeLog the Node peer's log (stdout), or null for a Java server */
    LiveHeap(long pid, Path nodeLog) {
        this.pid = pid;
        this.nodeLog = nodeLog;
    }

    String method() {
        return nodeLog == null ? "jcmd GC.run x2, GC.heap_info used" : "SIGUSR2: global.gc() x2, heapUsed";
    }

    long bytes() throws IOException, InterruptedException {
        if (nodeLog == null) {
            run("jcmd", Long.toString(pid), "GC.run");
            run("jcmd", Long.toString(pid), "GC.run");
            Matcher m = JAVA_HEAP_USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
            if (!m.find()) {
                throw new IOException("no heap figure from jcmd " + pid + " GC.heap_info");
            }
            return Long.parseLong(m.group(1)) * 1024;
        }
        int before = memoryLines().size();
        run("kill", "-USR2", Long.toString(pid));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<String> lines = memoryLines();
            if (lines.size() > before) {
                Matcher m = NODE_HEAP_USED.matcher(lines.get(lines.size() - 1));
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no MEM line in " + nodeLog + " (is the peer run with --expose-gc?)");
    }

    private List<String> memoryLines() throws IOException {
        return Files.readAllLines(nodeLog, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("MEM ")).toList();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }
}
