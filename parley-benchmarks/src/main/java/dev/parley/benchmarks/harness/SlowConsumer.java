package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S9: slow consumers. The S7 broadcast with large payloads, run twice on the same settings: with every
 * subscriber reading, then with 1% of them no longer reading from the start of the window. What the issue
 * asks: the server's memory stays bounded by its per-socket limit (Parley closes a socket over
 * {@code --ws-max-buffered-amount}, 4 MiB by default, with 1008; the Node peers have no limit and keep
 * buffering), and the other subscribers' p99 is what it is without slow ones.
 *
 * <p>Memory is the server's peak RSS, sampled every second while the generator runs: the backlog is
 * largest just before the generator resumes reading after its window, which a measurement after the
 * generator's exit would miss, and a live-heap measurement (full collections) during the window would
 * stall the very latency being compared. Java servers pre-touch their fixed heap, so their RSS growth is
 * mostly direct (Netty) buffers: where an outbound backlog lives.
 */
final class SlowConsumer extends HarnessScenario {
    private static final long SAMPLE_MILLIS = 1000;

    @Override
    String id() {
        return "S9";
    }

    @Override
    String title() {
        return "Slow consumer";
    }

    @Override
    String method(HarnessSettings s) {
        return "The S7 broadcast with " + s.slowSubscribers() + " subscribers, " + s.slowPayloadBytes() + "-byte "
                + "payloads, " + s.slowRate() + " broadcasts/s, a " + s.slowDuration().toSeconds() + " s window; "
                + "in the `1% slow` variant " + SLOW_PERCENT + "% of the subscribers (spread over the list) stop "
                + "reading (Netty auto-read off) at the start of the window, so each falls "
                + s.slowPayloadBytes() * s.slowRate() / 1024 + " KiB/s further behind. Deliveries, latency and "
                + "loss are the other subscribers'. Slow closed: slow subscribers closed before the generator "
                + "closed anything (they read again after the window, so the server's close frame is seen). "
                + "RSS: the server's peak during the run, sampled each second, and its growth over the RSS "
                + "before the run. Servers with defaults: Parley's per-socket limit is 4 MiB (slow-consumer "
                + "policy CLOSE, 1008); Node ws/socket.io have none.";
    }

    /** The share of the slow variant: the 1%. */
    private static final int SLOW_PERCENT = 1;

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        for (int percent : List.of(0, SLOW_PERCENT)) {
            variants.add(new Variant(percent + "% slow", List.of("-c", Integer.toString(s.slowSubscribers()),
                    "-r", Integer.toString(s.slowRate()), "--payload", Integer.toString(s.slowPayloadBytes()),
                    "--slow-percent", Integer.toString(percent)), percent));
        }
        return variants;
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        return kind.broadcastPath != null;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("fastDeliveriesPerSec", "fast deliveries/s"),
                Figure.lower("fastP50Us", "fast p50 µs"), Figure.lower("fastP99Us", "fast p99 µs"),
                Figure.lower("fastLossPct", "fast lost %"), Figure.higher("slowClosed", "slow closed by server"),
                Figure.lower("rssPeakMB", "server RSS peak MB"), Figure.lower("rssGrowthMB", "RSS growth MB"),
                Figure.lower("maxGcPauseMs", "max GC pause ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        HarnessSettings s = context.settings();
        List<String> extra = new ArrayList<>(variant.generatorArgs());
        extra.addAll(List.of("-d", s.slowDuration().toMillis() + "ms", "--warmup", s.warmup().toMillis() + "ms"));
        ServerProcess server = context.server();
        long rssBefore = server.rssBytes();
        double startedAt = server.uptimeSeconds();
        Generator.Run run = context.generator().start(context.name(),
                args("broadcast", context, server.kind.broadcastPath, extra));
        long rssPeak = rssBefore;
        while (run.isAlive()) {
            rssPeak = Math.max(rssPeak, server.rssBytes());
            Thread.sleep(SAMPLE_MILLIS);
        }
        JsonNode report = run.await(60);
        Map<String, Double> f = newFigures();
        f.put("fastDeliveriesPerSec", at(report, "results/deliveriesPerSecond"));
        f.put("fastP50Us", at(report, "results/latency/p50Micros"));
        f.put("fastP99Us", at(report, "results/latency/p99Micros"));
        f.put("fastLossPct", at(report, "results/lossPercent"));
        // Absent (0% slow): no slow subscriber, so none closed.
        double closed = at(report, "slow/closedDuringRun");
        f.put("slowClosed", Double.isNaN(closed) ? 0 : closed);
        f.put("rssPeakMB", rssPeak / 1e6);
        f.put("rssGrowthMB", (rssPeak - rssBefore) / 1e6);
        putGcPause(context, startedAt, f);
        List<String> warnings = warnings(report);
        if (report.path("slow").isObject()) {
            // The backlog read after the window: what the kernel's buffers and the server still held for them.
            warnings.add("slow: " + (long) at(report, "slow/slowSubscribers") + " slowed, close reasons "
                    + report.path("slow").path("closeReasons") + ", "
                    + (long) at(report, "slow/backlogDeliveriesReadAfterResume")
                    + " backlog deliveries read after the window");
        }
        return new Outcome(f, warnings);
    }
}
