package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S7: one publisher, N subscribers in a room (Socket.IO) or on a broadcast path (raw WebSocket); the server
 * fans each message out. The publish rate is set so that every room size asks for the same deliveries per
 * second: the figures are whether the server delivers them all, how late, and at what CPU cost.
 */
final class RoomBroadcast extends HarnessScenario {
    @Override
    String id() {
        return "S7";
    }

    @Override
    String title() {
        return "Room broadcast";
    }

    @Override
    String method(HarnessSettings s) {
        return "Subscribers join a room (Socket.IO: `join` acknowledged, then `news` events; raw WebSocket: "
                + "connections to `/ws/broadcast`, where each message goes to every other connection). One more "
                + "connection publishes, open loop, " + s.broadcastRates() + " deliveries per second in total "
                + "(rate = that / N; several rates make a sweep, where a server's maximum is the highest rate it "
                + "still delivers in full and on time) with the send time in the payload; delivery latency from the scheduled publish "
                + "time to each subscriber's receipt. Server CPU per delivery = server cores / deliveries per second. "
                + "The Netty floor has no broadcast endpoint.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        boolean sweep = s.broadcastRates().size() > 1;
        for (int n : s.broadcastSubscribers()) {
            for (int deliveries : s.broadcastRates()) {
                long rate = Math.max(1, deliveries / n);
                // A sweep's charts put the deliveries asked on the axis; otherwise the room size.
                variants.add(new Variant("N=" + n + " @ " + rate + "/s",
                        List.of("-c", Integer.toString(n), "-r", Long.toString(rate)), sweep ? rate * n : n));
            }
        }
        return variants;
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        return kind.broadcastPath != null;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("deliveriesPerSec", "deliveries/s").charted(), Figure.lower("p50Us", "p50 µs").charted(),
                Figure.lower("p99Us", "p99 µs").charted(), Figure.lower("lossPct", "lost %"),
                Figure.lower("serverCpuUsPerDelivery", "server CPU µs/delivery").charted(),
                Figure.lower("maxGcPauseMs", "max GC pause ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        List<String> extra = messageRun(context, variant);
        double startedAt = context.server().uptimeSeconds();
        JsonNode report = context.generator().start(context.name(),
                args("broadcast", context, context.server().kind.broadcastPath, extra)).await(900);
        Map<String, Double> f = newFigures();
        double deliveries = at(report, "results/deliveriesPerSecond");
        f.put("deliveriesPerSec", deliveries);
        f.put("p50Us", at(report, "results/latency/p50Micros"));
        f.put("p99Us", at(report, "results/latency/p99Micros"));
        f.put("lossPct", at(report, "results/lossPercent"));
        double cores = at(report, "cpu/serverCores");
        f.put("serverCpuUsPerDelivery", deliveries > 0 ? cores * 1e6 / deliveries : Double.NaN);
        putGcPause(context, startedAt, f);
        return new Outcome(f, warnings(report));
    }
}
