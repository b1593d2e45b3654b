package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.benchmarks.load.DurationConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The side-by-side harness: starts Parley and each peer in turn, interleaved (A B C A B C...), drives each
 * with the load generator in a JVM of its own, and writes the medians, spreads, ratios and charts to
 * {@code docs/benchmarks/results.md}. Run through {@code parley-benchmarks/harness.sh}.
 */
@Command(name = "harness", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs benchmark scenarios against Parley and its peers, interleaved, and writes the report.")
public final class HarnessMain implements Callable<Integer> {
    @Option(names = "--scenarios", split = ",", defaultValue = "s1,s3,s4,s5,s6,s7",
            description = "Scenarios to run, among s1 s2 s3 s4 s5 s6 s7 s9 s10 s11 (s2, s9, s10 and s11 only when "
                    + "asked). Default: ${DEFAULT-VALUE}")
    List<String> scenarioIds;

    @Option(names = "--servers", split = ",",
            defaultValue = "PARLEY_WS,NETTY_WS,NODE_WS,PARLEY_SIO,NODE_SIO,NETTY_SOCKETIO",
            description = "Servers, in the order each round runs them, among PARLEY_WS NETTY_WS NODE_WS PARLEY_SIO "
                    + "NODE_SIO NETTY_SOCKETIO and the Parley variants PARLEY_WS_EVENT_LOOP PARLEY_SIO_EVENT_LOOP "
                    + "PARLEY_WS_MODERN_JAVA PARLEY_SIO_MODERN_JAVA PARLEY_WS_IO_URING PARLEY_SIO_IO_URING, and on Java 25 "
                    + "(--modern-java) PARLEY_{WS,SIO}_J25_{G1,ZGC,COMPACT,ZGC_COMPACT}. Default: ${DEFAULT-VALUE}")
    List<ServerKind> servers;

    @Option(names = "--modern-java", defaultValue = "${env:PARLEY_BENCH_MODERN_JAVA}",
            description = "Home of a JDK 21+ for the *_MODERN_JAVA Parley kinds, 25+ for the *_J25_* kinds "
                    + "(env PARLEY_BENCH_MODERN_JAVA); "
                    + "harness.sh finds one under /usr/lib/jvm")
    Path modernJava;

    @Option(names = "--pretouch", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Java servers pre-touch their fixed heap (-XX:+AlwaysPreTouch). On the benchmark VM it "
                    + "helps allocation-heavy runs and hurts the latency tail at low load. Default: ${DEFAULT-VALUE}")
    boolean pretouch;

    @Option(names = "--reps", defaultValue = "3", description = "Repetitions of each run. Default: ${DEFAULT-VALUE}")
    int reps;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Warm-up of each message run, discarded. Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured window of each message run. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--heap", defaultValue = "1g", description = "Fixed heap of Java servers (-Xms = -Xmx); Node's "
            + "--max-old-space-size. Default: ${DEFAULT-VALUE}")
    String heap;

    @Option(names = "--idle-connections", split = ",", defaultValue = "5000",
            description = "S1 connection counts. Default: ${DEFAULT-VALUE}")
    List<Integer> idleConnections;

    @Option(names = "--scale-processes", split = ",", defaultValue = "1,2,4",
            description = "S2 numbers of server processes (and of generator processes). Default: ${DEFAULT-VALUE}")
    List<Integer> scaleProcesses;

    @Option(names = "--scale-connections", defaultValue = "15000",
            description = "S2 connections per generator process (under the 20,000 open files a process may have). "
                    + "Default: ${DEFAULT-VALUE}")
    int scaleConnections;

    @Option(names = "--connects", defaultValue = "10000", description = "S3 connects. Default: ${DEFAULT-VALUE}")
    int connects;

    @Option(names = "--echo", split = ",", defaultValue = "100x1,100x16,1000x1",
            description = "S4 settings, connections x messages in flight. Default: ${DEFAULT-VALUE}")
    List<String> echo;

    @Option(names = "--ack-in-flight", split = ",", defaultValue = "1,16",
            description = "S6 messages in flight on each of its 100 connections. Default: ${DEFAULT-VALUE}")
    List<Integer> ackInFlight;

    @Option(names = "--latency-rates", split = ",", defaultValue = "10000,50000",
            description = "S5 total rates over 1,000 connections. Default: ${DEFAULT-VALUE}")
    List<Integer> latencyRates;

    @Option(names = "--broadcast-subscribers", split = ",", defaultValue = "1000,10000",
            description = "S7 room sizes. Default: ${DEFAULT-VALUE}")
    List<Integer> broadcastSubscribers;

    @Option(names = "--broadcast-rate", split = ",", defaultValue = "100000",
            description = "S7 deliveries per second asked of every room size (publish rate = this / N); several "
                    + "make a sweep. Default: ${DEFAULT-VALUE}")
    List<Integer> broadcastRates;

    @Option(names = "--soak-minutes", defaultValue = "10",
            description = "S10 length, in one-minute windows. Default: ${DEFAULT-VALUE}")
    int soakMinutes;

    @Option(names = "--soak-rate", defaultValue = "20000",
            description = "S10 rate when S4 did not run before it (else half of S4's best). Default: ${DEFAULT-VALUE}")
    long soakRate;

    @Option(names = "--slow-subscribers", defaultValue = "200",
            description = "S9 subscribers (1%% of them slow in the slow variant). Default: ${DEFAULT-VALUE}")
    int slowSubscribers;

    @Option(names = "--slow-payload", defaultValue = "65536",
            description = "S9 payload bytes: large, so a slow subscriber's backlog outgrows the kernel's socket "
                    + "buffers and the server's limit within the window. Default: ${DEFAULT-VALUE}")
    int slowPayload;

    @Option(names = "--slow-rate", defaultValue = "10",
            description = "S9 broadcasts per second. Default: ${DEFAULT-VALUE}")
    int slowRate;

    @Option(names = "--slow-duration", defaultValue = "40s", converter = DurationConverter.class,
            description = "S9 measured window: long enough for a slow subscriber to fall behind by the kernel's "
                    + "buffers plus the server's limit (payload x rate per second). Default: ${DEFAULT-VALUE}")
    Duration slowDuration;

    @Option(names = "--cluster-subscribers", split = ",", defaultValue = "1000",
            description = "S11 room sizes, spread over the two servers of the cluster. Default: ${DEFAULT-VALUE}")
    List<Integer> clusterSubscribers;

    @Option(names = "--cluster-rate", split = ",", defaultValue = "25000,50000,100000,200000",
            description = "S11 deliveries per second asked of every room size (publish rate = this / N), a sweep: a "
                    + "server's figure is the highest rate it still delivers in full within a p99. "
                    + "Default: ${DEFAULT-VALUE}")
    List<Integer> clusterRates;

    @Option(names = "--cluster-p99", split = ",", defaultValue = "10,50,250",
            description = "S11 p99 bounds, ms: the report gives each server's capacity within each (the most "
                    + "deliveries/s of a sweep step with no loss and p99 within it), and Parley's over the peer's. "
                    + "Default: ${DEFAULT-VALUE}")
    List<Integer> clusterP99;

    @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379",
            description = "S11: the Redis of the cluster (each run on a key of its own); otherwise idle, since its CPU "
                    + "is measured. Default: ${DEFAULT-VALUE}")
    String redis;

    @Option(names = "--cluster-adapter", defaultValue = "classic",
            description = "S11's protocol, for Parley (`--adapter`) and the Node peer alike: classic (Redis pub/sub), "
                    + "sharded (Redis 7 sharded pub/sub) or streams (Redis streams). Default: ${DEFAULT-VALUE}")
    String clusterAdapter;

    @Option(names = "--cluster-subscription-mode", defaultValue = "dynamic",
            description = "S11 with --cluster-adapter sharded: static, dynamic or dynamic-private. "
                    + "Default: ${DEFAULT-VALUE}")
    String clusterSubscriptionMode;

    @Option(names = "--payload", defaultValue = "50", description = "Payload bytes. Default: ${DEFAULT-VALUE}")
    int payload;

    @Option(names = "--out", defaultValue = "parley-benchmarks/target/harness",
            description = "Logs, GC logs and the generator's JSON reports. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--report", defaultValue = "docs/benchmarks/results.md",
            description = "The Markdown report; charts go beside it. Default: ${DEFAULT-VALUE}")
    Path report;

    @Option(names = "--base-port", defaultValue = "3700",
            description = "First port; each run takes the next two (a cluster's second server the second one), up to "
                    + "base + 199. Default: ${DEFAULT-VALUE}")
    int basePort;

    @Mixin
    RunShapeOptions shape;

    @Mixin
    ProfileOptions profile;

    private int runs;

    /** The S11 protocol options, refused with a usage message (not a stack trace) when wrong. */
    private ClusterProtocol clusterProtocol() {
        try {
            return ClusterProtocol.of(clusterAdapter, clusterSubscriptionMode);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HarnessMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        ServerKind.Paths paths = ServerKind.Paths.fromProjectRoot(root, modernJava, pretouch);
        HarnessSettings settings = new HarnessSettings(warmup, duration, heap, idleConnections, connects,
                echo, ackInFlight, latencyRates, broadcastSubscribers, broadcastRates, payload, soakMinutes, soakRate,
                slowSubscribers, slowPayload, slowRate, slowDuration, scaleProcesses, scaleConnections,
                clusterSubscribers, clusterRates, clusterP99, redis, clusterProtocol(), shape.idleCpuWindow,
                shape.latencyOneConnection);
        Results results = new Results();
        List<HarnessScenario> scenarios = scenarios(results);
        Generator generator = new Generator(paths, out.resolve("runs"));
        Instant started = Instant.now();
        Path chartDir = report.toAbsolutePath().getParent();
        Files.createDirectories(chartDir);
        Profiles profiles = new Profiles();
        for (HarnessScenario scenario : scenarios) {
            ServerKind.Paths scenarioPaths = paths.withPretouch(shape.pretouch(scenario.id(), pretouch));
            for (Variant variant : scenario.variants(settings)) {
                for (int rep = 1; rep <= shape.reps(scenario.id(), reps); rep++) {
                    for (ServerKind server : servers) {
                        if (scenario.appliesTo(server) && shape.runs(scenario, server)) {
                            results.add(runOnce(scenario, variant, server, rep, scenarioPaths, generator, settings));
                        }
                    }
                }
            }
            // Written after each scenario, so that a long run interrupted late still leaves its figures.
            writeReport(started, settings, scenarios, results, chartDir, profiles);
            writeSamples(results);
        }
        if (profile.any()) {
            profilePass(scenarios, paths, generator, settings, profiles);
            writeReport(started, settings, scenarios, results, chartDir, profiles);
        }
        System.out.println("Report: " + report + "; runs: " + out);
        return 0;
    }

    private void writeReport(Instant started, HarnessSettings settings, List<HarnessScenario> scenarios,
            Results results, Path chartDir, Profiles profiles) throws java.io.IOException {
        String header = Environment.header(started, Instant.now(), settings, reps, servers, pretouch)
                + shape.describe(reps, pretouch);
        MarkdownReport.write(report, header, scenarios, settings, results, servers, chartDir, profiles);
    }

    /**
     * After the measured runs (a recording perturbs what it records): each Java server of each scenario named by
     * {@code --profile}, once per setting, with a flight recording; its summary goes to profiles/ beside the report.
     */
    private void profilePass(List<HarnessScenario> scenarios, ServerKind.Paths paths, Generator generator,
            HarnessSettings settings, Profiles profiles) throws java.io.IOException {
        Path recordings = out.resolve("profiles").toAbsolutePath();
        Path summaries = report.toAbsolutePath().getParent().resolve("profiles");
        Files.createDirectories(recordings);
        Files.createDirectories(summaries);
        for (HarnessScenario scenario : scenarios) {
            if (!profile.wants(scenario)) {
                continue;
            }
            ServerKind.Paths scenarioPaths = paths.withPretouch(shape.pretouch(scenario.id(), pretouch));
            for (Variant variant : scenario.variants(settings)) {
                for (ServerKind server : servers) {
                    if (server.runtime != ServerKind.Runtime.JAVA || !scenario.appliesTo(server)
                            || !shape.runs(scenario, server)) {
                        continue;
                    }
                    String name = runName(scenario, variant, server, 0) + "-profile";
                    Path jfr = recordings.resolve(name + ".jfr");
                    Files.deleteIfExists(jfr);
                    ServerKind.Paths recorded = scenarioPaths.withJvmOptions(List.of(
                            "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr));
                    Sample sample = runOnce(scenario, variant, server, 0, recorded, generator, settings);
                    Path md = summaries.resolve(name + ".md");
                    try {
                        // With the server's own JDK: a JDK 17 reader may not read a newer JDK's recording.
                        ServerProcess.run(recorded.javaFor(server), "-cp", recorded.benchmarksJar().toString(),
                                JfrSummary.class.getName(), jfr.toString(), md.toString(),
                                scenario.id() + " " + variant.label() + ", " + server.label);
                        Files.writeString(md, "\nFigures of this profiled run (not in the report's tables): "
                                + sample.figures() + (sample.warnings().isEmpty() ? "" : "; " + sample.warnings())
                                + "\n", java.nio.file.StandardOpenOption.APPEND);
                        profiles.add(scenario.id(), variant.label(), server, md);
                    } catch (Exception e) {
                        System.out.println("  no profile summary for " + name + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    private static String runName(HarnessScenario scenario, Variant variant, ServerKind server, int rep) {
        return String.format(Locale.ROOT, "%s-%s-%s-%d", scenario.id(), variant.label(), server, rep)
                .replaceAll("[^A-Za-z0-9_.-]+", "_");
    }

    private Sample runOnce(HarnessScenario scenario, Variant variant, ServerKind server, int rep,
            ServerKind.Paths paths, Generator generator, HarnessSettings settings) {
        String name = runName(scenario, variant, server, rep) + (paths.jvmOptions().isEmpty() ? "" : "-profile");
        // New ports each run: a server that just stopped leaves connections in TIME_WAIT, and some peers do
        // not set SO_REUSEADDR. Two per run, for a cluster's second server.
        int port = basePort + 2 * (runs++ % 100);
        System.out.printf(Locale.ROOT, "%s %s, %s, run %d ... ", scenario.id(), variant.label(), server.label, rep);
        try {
            HarnessScenario.ServerSetup setup = scenario.serverSetup(name, settings);
            try (ServerProcess process = ServerProcess.start(server, paths, port, out.resolve("servers"), name, heap,
                    setup)) {
                HarnessScenario.MoreServers more = (suffix, morePort) -> ServerProcess.start(server, paths, morePort,
                        out.resolve("servers"), name + "-" + suffix, heap, setup);
                HarnessScenario.Outcome outcome = scenario.run(
                        new HarnessScenario.Context(process, port, generator, settings, name, more), variant);
                System.out.println(outcome.figures());
                return new Sample(scenario.id(), variant.label(), server, rep, outcome.figures(), outcome.warnings());
            }
        } catch (Exception e) {
            System.out.println("failed: " + e.getMessage());
            return new Sample(scenario.id(), variant.label(), server, rep, Map.of(),
                    List.of("failed: " + e.getMessage()));
        }
    }

    private List<HarnessScenario> scenarios(Results results) {
        List<HarnessScenario> all = new ArrayList<>();
        for (String id : scenarioIds) {
            all.add(switch (id.toLowerCase(Locale.ROOT)) {
                case "s1" -> new IdleCapacity();
                case "s2" -> new ScaleOut();
                case "s3" -> new ConnectStorm();
                case "s4" -> EchoThroughput.echo();
                case "s5" -> new FixedRateLatency();
                case "s6" -> EchoThroughput.acks();
                case "s7" -> new RoomBroadcast();
                case "s9" -> new SlowConsumer();
                case "s10" -> new Soak(results);
                case "s11" -> new ClusterBroadcast();
                default -> throw new CommandLine.ParameterException(new CommandLine(this), "Unknown scenario " + id);
            });
        }
        return all;
    }

    private void writeSamples(Results results) throws java.io.IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sample s : results.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", s.scenario());
            row.put("variant", s.variant());
            row.put("server", s.server().name());
            row.put("repetition", s.repetition());
            row.put("figures", s.figures());
            row.put("warnings", s.warnings());
            rows.add(row);
        }
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("samples.json").toFile(),
                rows);
    }
}
