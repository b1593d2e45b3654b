package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S10: a long run at half of the server's S4 maximum (from this harness run when S4 ran before it, else
 * {@code --soak-rate}), in one-minute windows against the same server process. After each window the live
 * heap (after full collections) and RSS are read: what must not drift, with the p99.9 of each window.
 */
final class Soak extends HarnessScenario {
    private final Results results;

    Soak(Results results) {
        this.results = results;
    }

    @Override
    String id() {
        return "S10";
    }

    @Override
    String title() {
        return "Soak";
    }

    @Override
    String method(HarnessSettings s) {
        return s.soakMinutes() + " one-minute windows of open-loop echo (Socket.IO: acks) over 100 connections at half "
                + "of the server's best S4 median of this run (or " + s.soakRate() + " msg/s when S4 did not run), "
                + "against one server process; the generator reconnects for each window. After each window: live "
                + "heap after two full collections, RSS. Drift = last window / first window - 1. GCs, pauses and their "
                + "total after the first warm-up, from the server's GC log (ZGC: collections are concurrent cycles, "
                + "each with three short pauses). Parley only: the "
                + "figures are absolute properties, not a comparison.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        return List.of(new Variant(s.soakMinutes() + " min", List.of(), s.soakMinutes()));
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        return kind.isParley();
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("rate", "msg/s asked"), Figure.lower("heapFirstMB", "heap MB, window 1"),
                Figure.lower("heapLastMB", "heap MB, last"), Figure.lower("heapDriftPct", "heap drift %"),
                Figure.lower("rssDriftPct", "RSS drift %"), Figure.lower("p999FirstUs", "p99.9 µs, window 1"),
                Figure.lower("p999LastUs", "p99.9 µs, last"), Figure.lower("p999WorstUs", "p99.9 µs, worst"),
                Figure.lower("maxGcPauseMs", "max GC pause ms"), Figure.lower("gcCollections", "GCs"),
                Figure.lower("gcPauses", "GC pauses"), Figure.lower("gcPauseTotalMs", "GC pauses, total ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        ServerKind kind = context.server().kind;
        double best = 0;
        for (Variant v : EchoThroughput.echo().variants(context.settings())) {
            Stats s = results.stats("S4", v.label(), kind, "msgPerSec");
            if (s.count() > 0) {
                best = Math.max(best, s.median());
            }
        }
        long rate = best > 0 ? Math.round(best / 2) : context.settings().soakRate();
        Map<String, Double> f = newFigures();
        f.put("rate", (double) rate);
        List<String> warnings = new ArrayList<>();
        double startedAt = context.server().uptimeSeconds();
        List<Double> heaps = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> p999 = new ArrayList<>();
        for (int window = 1; window <= context.settings().soakMinutes(); window++) {
            List<String> extra = new ArrayList<>(List.of("-c", "100", "-r", Long.toString(rate), "-d", "60s",
                    "--warmup", window == 1 ? context.settings().warmup().toSeconds() + "s" : "0s",
                    "--payload", Integer.toString(context.settings().payloadBytes())));
            if (kind.family == ServerKind.Family.SOCKETIO) {
                extra.add("--ack");
            }
            JsonNode report = context.generator().start(context.name() + "-w" + window,
                    args("latency", context, kind.echoPath, extra)).await(600);
            p999.add(at(report, "results/latency/p99.9Micros"));
            heaps.add(context.server().liveHeapBytes() / 1e6);
            rss.add(context.server().rssBytes() / 1e6);
            warnings(report).forEach(w -> warnings.add(w));
        }
        f.put("heapFirstMB", heaps.get(0));
        f.put("heapLastMB", heaps.get(heaps.size() - 1));
        f.put("heapDriftPct", 100 * (heaps.get(heaps.size() - 1) / heaps.get(0) - 1));
        f.put("rssDriftPct", 100 * (rss.get(rss.size() - 1) / rss.get(0) - 1));
        f.put("p999FirstUs", p999.get(0));
        f.put("p999LastUs", p999.get(p999.size() - 1));
        f.put("p999WorstUs", p999.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        putGcPause(context, startedAt, f);
        warnings.add("per window: heap MB " + rounded(heaps) + ", RSS MB " + rounded(rss) + ", p99.9 µs "
                + rounded(p999));
        return new Outcome(f, warnings);
    }

    private static List<Long> rounded(List<Double> values) {
        return values.stream().map(Math::round).toList();
    }
}
