package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scenario of the benchmark issue (S1, S3...) as the harness runs it against each server. */
abstract class HarnessScenario {
    /**
     * What a run needs: the started server, its port, a generator, the timing settings, a unique name, and a
     * way to start more processes of the same server on the same port (with the scenario's server options).
     */
    record Context(ServerProcess server, int port, Generator generator, HarnessSettings settings, String name,
            MoreServers moreServers) {
    }

    /**
     * Starts one more process of the run's server, with the run's {@link ServerSetup}, on {@code port} (the run's
     * own, shared with {@code --reuse-port}, or {@code port + 1}, which the harness keeps free for it); the
     * caller closes it.
     */
    @FunctionalInterface
    interface MoreServers {
        ServerProcess start(String suffix, int port) throws Exception;
    }

    /**
     * What every server process of one run gets besides its kind's command line.
     *
     * @param parleyArgs options added to Parley's command line (peers get none)
     * @param environment variables added to every server's environment (the Node peers read theirs there)
     */
    record ServerSetup(List<String> parleyArgs, Map<String, String> environment) {
    }

    /** Figures of one run and what a reader must know about it (a saturated generator, failures). */
    record Outcome(Map<String, Double> figures, List<String> warnings) {
    }

    abstract String id();

    abstract String title();

    /** The report's heading: {@link #title()}, or more when the settings change what runs. */
    String title(HarnessSettings settings) {
        return title();
    }

    /** How it is measured, for the report. */
    abstract String method(HarnessSettings settings);

    abstract List<Variant> variants(HarnessSettings settings);

    abstract List<Figure> figures();

    boolean appliesTo(ServerKind kind) {
        return true;
    }

    /** Options Parley servers get for this scenario (peers get none). */
    List<String> parleyArgs() {
        return List.of();
    }

    /**
     * The setup of run {@code runName}'s server processes: by default {@link #parleyArgs()} and no variables.
     * May throw when what the run needs is missing (the harness reports the run as failed).
     */
    ServerSetup serverSetup(String runName, HarnessSettings settings) throws Exception {
        return new ServerSetup(parleyArgs(), Map.of());
    }

    abstract Outcome run(Context context, Variant variant) throws Exception;

    /**
     * Markdown the report adds after the scenario's tables (figures drawn from several variants, such as a
     * sweep's capacity), or an empty string.
     */
    String summary(HarnessSettings settings, Results results, List<ServerKind> servers) {
        return "";
    }

    // ---- shared by the scenarios ----

    static List<String> args(String scenario, Context context, String path, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(scenario, "--protocol", context.server().kind.protocol(),
                "--url", context.server().kind.url(context.port(), path),
                "--server-pid", Long.toString(context.server().pid())));
        args.addAll(extra);
        return args;
    }

    /** A message run's options: the variant's, the measured window and warm-up, the payload, and extras. */
    static List<String> messageRun(Context context, Variant variant, String... extra) {
        List<String> args = new ArrayList<>(variant.generatorArgs());
        args.addAll(window(context.settings()));
        args.addAll(List.of("--payload", Integer.toString(context.settings().payloadBytes())));
        args.addAll(List.of(extra));
        return args;
    }

    static List<String> window(HarnessSettings settings) {
        return List.of("-d", settings.duration().toMillis() + "ms", "--warmup", settings.warmup().toMillis() + "ms");
    }

    static double at(JsonNode report, String path) {
        JsonNode node = report;
        for (String part : path.split("/")) {
            node = node.path(part);
        }
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }

    /** The generator's own warnings plus its saturation flag. */
    static List<String> warnings(JsonNode report) {
        List<String> warnings = new ArrayList<>();
        report.path("warnings").forEach(w -> warnings.add(w.asText()));
        return warnings;
    }

    /** The number of connections a generator's {@code --ready-file} says it opened, or -1 while it has not said. */
    static long readyCount(Path ready) throws IOException {
        if (!Files.exists(ready)) {
            return -1;
        }
        // The generator creates the file, then writes the count: an empty file is not an answer yet.
        String text = Files.readString(ready).trim();
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    static Map<String, Double> newFigures() {
        return new LinkedHashMap<>();
    }

    /** Machine CPU (all processes, softirq included, from /proc/stat) per message, in microseconds. */
    static double machineMicrosPerMessage(JsonNode report, double messagesPerSecond) {
        double cores = at(report, "cpu/systemBusyCores");
        return messagesPerSecond > 0 ? cores * 1e6 / messagesPerSecond : Double.NaN;
    }

    /**
     * The GC after the warm-up (the generator started at {@code generatorStartUptime}): the longest pause
     * ({@code maxGcPauseMs}), and the collections, pauses and their total ({@code gcCollections},
     * {@code gcPauses}, {@code gcPauseTotalMs}) for the scenarios that show them.
     */
    static void putGcPause(Context context, double generatorStartUptime, Map<String, Double> figures)
            throws java.io.IOException {
        double from = generatorStartUptime + context.settings().warmup().toMillis() / 1000.0;
        context.server().gcActivity(from).ifPresent(gc -> {
            figures.put("maxGcPauseMs", gc.pauseMaxMillis());
            figures.put("gcCollections", (double) gc.collections());
            figures.put("gcPauses", (double) gc.pauses());
            figures.put("gcPauseTotalMs", gc.pauseTotalMillis());
        });
    }
}
