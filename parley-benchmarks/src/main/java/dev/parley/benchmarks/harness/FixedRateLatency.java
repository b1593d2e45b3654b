package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S5: open-loop latency at a fixed total rate. Each message's latency counts from its scheduled send time,
 * so a stalled server is charged for every message it delayed (no coordinated omission).
 */
final class FixedRateLatency extends HarnessScenario {
    @Override
    String id() {
        return "S5";
    }

    @Override
    String title() {
        return "Echo latency at a fixed rate";
    }

    @Override
    String method(HarnessSettings s) {
        return "Open loop: messages leave at their scheduled times over the connections, whatever the replies do; "
                + "latency from the scheduled time to the reply (HdrHistogram), so the generator's own lateness counts "
                + "too; service time (svc) from when the message actually left, the server's round trip without it. "
                + "One connection at 1,000 msg/s gives "
                + "the floor; 1,000 connections at the listed rates show the tail under load. Socket.IO servers use "
                + "acks. " + s.warmup().toSeconds() + " s warm-up, " + s.duration().toSeconds() + " s measured.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        if (s.latencyOneConnection()) {
            variants.add(new Variant("1 conn @ 1k/s", List.of("-c", "1", "-r", "1000"), 1000));
        }
        for (int rate : s.latencyRates()) {
            variants.add(new Variant("1000 conns @ " + rate / 1000 + "k/s",
                    List.of("-c", "1000", "-r", Integer.toString(rate)), rate));
        }
        return variants;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.lower("p50Us", "p50 µs").charted(), Figure.lower("p99Us", "p99 µs").charted(),
                Figure.lower("p999Us", "p99.9 µs"), Figure.lower("maxUs", "max µs"),
                Figure.lower("svcP50Us", "svc p50 µs").charted(), Figure.lower("svcP99Us", "svc p99 µs"),
                Figure.higher("sentPerSec", "sent/s"), Figure.lower("maxGcPauseMs", "max GC pause ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        List<String> extra = context.server().kind.family == ServerKind.Family.SOCKETIO
                ? messageRun(context, variant, "--ack") : messageRun(context, variant);
        double startedAt = context.server().uptimeSeconds();
        JsonNode report = context.generator().start(context.name(),
                args("latency", context, context.server().kind.echoPath, extra)).await(600);
        Map<String, Double> f = newFigures();
        f.put("p50Us", at(report, "results/latency/p50Micros"));
        f.put("p99Us", at(report, "results/latency/p99Micros"));
        f.put("p999Us", at(report, "results/latency/p99.9Micros"));
        f.put("maxUs", at(report, "results/latency/maxMicros"));
        f.put("svcP50Us", at(report, "results/serviceTime/p50Micros"));
        f.put("svcP99Us", at(report, "results/serviceTime/p99Micros"));
        f.put("sentPerSec", at(report, "results/sentPerSecond"));
        putGcPause(context, startedAt, f);
        return new Outcome(f, warnings(report));
    }
}
