package dev.parley.benchmarks.harness;

import dev.parley.benchmarks.load.DurationConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options that shape one harness run per scenario, so that a single command (and a single report, with its
 * targets table) can mix what the scenarios need: fewer repetitions of the long ones, no pre-touched heap
 * for the latency and idle ones, the soak on the servers that matter, an idle CPU window that holds a
 * heartbeat round.
 */
final class RunShapeOptions {
    @Option(names = "--scenario-reps", split = ",", paramLabel = "SCENARIO=N",
            description = "Repetitions of one scenario instead of --reps, e.g. s1=1,s10=1 (S1's heap per connection "
                    + "moves by under 1% between runs; S10 is minutes per server).")
    Map<String, Integer> scenarioReps = new LinkedHashMap<>();

    @Option(names = "--pretouch-except", split = ",", paramLabel = "SCENARIO",
            description = "Scenarios whose Java servers do not pre-touch their heap even with --pretouch, e.g. s1,s5: "
                    + "a pre-touched heap raises the latency tail at low load on the benchmark VM and hides the "
                    + "heap's pages from RSS per connection, while throughput runs need it.")
    List<String> pretouchExcept = new ArrayList<>();

    @Option(names = "--soak-servers", split = ",", paramLabel = "SERVER",
            description = "S10's servers, among --servers (default: every Parley server of --servers).")
    List<ServerKind> soakServers = new ArrayList<>();

    @Option(names = "--idle-cpu-window", defaultValue = "10s", converter = DurationConverter.class,
            description = "S1's idle CPU window. Engine.IO pings every 25 s from each connection's open, so a window "
                    + "under 25 s may hold no heartbeat at all; 25s holds one round. Default: ${DEFAULT-VALUE}")
    Duration idleCpuWindow;

    @Option(names = "--latency-one-connection", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "S5 also runs its one connection at 1k/s (the floor) before the --latency-rates. "
                    + "Default: ${DEFAULT-VALUE}")
    boolean latencyOneConnection;

    /** The repetitions of {@code scenarioId}: its own if given, else {@code reps}. */
    int reps(String scenarioId, int reps) {
        for (Map.Entry<String, Integer> e : scenarioReps.entrySet()) {
            if (e.getKey().equalsIgnoreCase(scenarioId)) {
                return e.getValue();
            }
        }
        return reps;
    }

    /** Whether Java servers pre-touch their heap in {@code scenarioId}. */
    boolean pretouch(String scenarioId, boolean pretouch) {
        return pretouch && pretouchExcept.stream().noneMatch(s -> s.equalsIgnoreCase(scenarioId));
    }

    /** Whether {@code server} runs {@code scenario}, beyond the scenario's own rule. */
    boolean runs(HarnessScenario scenario, ServerKind server) {
        return !scenario.id().equals("S10") || soakServers.isEmpty() || soakServers.contains(server);
    }

    /** For the report's header: what differs from the global settings, or an empty string. */
    String describe(int reps, boolean pretouch) {
        List<String> parts = new ArrayList<>();
        scenarioReps.forEach((s, n) -> parts.add(s.toUpperCase(Locale.ROOT) + ": " + n + " repetition"
                + (n == 1 ? "" : "s")));
        if (pretouch && !pretouchExcept.isEmpty()) {
            parts.add("heaps not pre-touched in " + String.join(", ", pretouchExcept).toUpperCase(Locale.ROOT));
        }
        if (!soakServers.isEmpty()) {
            parts.add("S10 on " + String.join(", ", soakServers.stream().map(s -> s.label).toList()));
        }
        return parts.isEmpty() ? "" : "- Per scenario: " + String.join("; ", parts) + ".\n";
    }
}
