package dev.parley.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One scenario of the load generator, a subcommand of {@link LoadMain}: sets up the client, runs, then
 * prints the report and writes it as JSON. Subclasses run the load and put their figures.
 */
abstract class Scenario implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec command;

    /** Samples the CPU of the generator, the machine and (with {@code --server-pid}) the servers. */
    CpuMeter cpu;

    @Override
    public Integer call() throws Exception {
        ClientConfig config;
        ProtocolSession.Factory sessions;
        try {
            config = common.config(defaultPath(common.protocol));
            sessions = sessions(config.target().protocol());
            validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        cpu = new CpuMeter(common.serverPids);
        Report report = new Report();
        Map<String, Object> run = report.section("run");
        run.put("scenario", command.name());
        run.put("protocol", config.target().protocol().name());
        run.put("url", config.target().url());
        run.put("startedAt", Instant.now().toString());
        run.put("loadAverageAtStart", loadAverage());
        int exitCode;
        try (LoadClient client = new LoadClient(config, sessions)) {
            run.put("transport", client.transportName());
            run.put("eventLoopThreads", config.threads());
            run.put("sourceAddresses", client.connector().sourceAddressCount());
            run.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
            exitCode = run(client, report.section("settings"), report);
        }
        ReportTable.print(report, System.out);
        Path json = common.json;
        if (json != null) {
            JsonReport.write(report, json);
            System.out.println("JSON report: " + json.toAbsolutePath());
        }
        return exitCode;
    }

    /** What the connections speak; scenarios that send nothing keep this default. */
    ProtocolSession.Factory sessions(Protocol protocol) {
        return MessageSpec.none(protocol).sessions();
    }

    /** The server path when {@code --url} is not given: Parley's endpoint for the protocol. */
    String defaultPath(Protocol protocol) {
        return protocol.defaultPath();
    }

    /** Checks the scenario's own options before anything connects; throws IllegalArgumentException. */
    void validate() {
    }

    /** Throws IllegalArgumentException for a count below 1. */
    static void requirePositive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be 1 or more, not " + value);
        }
    }

    /**
     * Runs the scenario, putting its options into {@code settings} and its figures into {@code report}.
     *
     * @return the exit code: 0, or 1 when the run could not measure anything
     */
    abstract int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception;

    // ---- helpers shared by the scenarios ----

    /** The 1-minute load average: other work on the machine shows in it. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Puts the CPU figures and warns if the generator was saturated. */
    static void putCpu(Report report, String section, CpuMeter.Sample from, CpuMeter.Sample to) {
        Map<String, Object> cpu = CpuMeter.between(from, to);
        report.section(section).putAll(cpu);
        if (Boolean.TRUE.equals(cpu.get("generatorSaturated"))) {
            report.warn("the generator used " + cpu.get("generatorCores") + " cores (over "
                    + CpuMeter.SATURATION_CORES + "): its own delays may be in the figures");
        }
    }

    /** Connections already closed, by reason: those lost while the scenario still needed them. */
    static Map<String, Long> closedByReason(List<LoadConnection> connections) {
        Map<String, Long> reasons = new TreeMap<>();
        for (LoadConnection c : connections) {
            String reason = c.closed().getNow(null);
            if (reason != null) {
                reasons.merge(reason, 1L, Long::sum);
            }
        }
        return reasons;
    }

    static long count(Map<String, Long> reasons) {
        return reasons.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Closes every connection with the close handshake and waits for the TCP connections to end (at most
     * the close timeout and a second). Returns the connections by close reason.
     */
    static Map<String, Long> closeAll(List<LoadConnection> connections, Duration closeTimeout)
            throws InterruptedException {
        CompletableFuture<?>[] closing = connections.stream().map(LoadConnection::close)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(closeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Reported below: connections still open have no reason yet.
        }
        Map<String, Long> reasons = closedByReason(connections);
        long open = connections.size() - count(reasons);
        if (open > 0) {
            reasons.put("still open after the close timeout", open);
        }
        return reasons;
    }

    /** Waits until every request of the window is answered, or the drain timeout. */
    static void drain(LatencyStats stats, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stats.answeredInWindow() < stats.sentInWindow() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** The counters of replies and pings of the whole run. */
    static void putConnectionCounters(Map<String, Object> section, ConnectionStats stats) {
        section.put("mismatchedReplies", stats.mismatchedReplies.sum());
        section.put("otherMessages", stats.otherMessages.sum());
        section.put("webSocketPingsAnswered", stats.webSocketPingsAnswered.sum());
        section.put("engineIoPingsAnswered", stats.engineIoPingsAnswered.sum());
    }
}
