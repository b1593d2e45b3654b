package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S1: idle capacity. The server's live heap and RSS are measured with no client, then with N idle
 * connections (after full collections both times); the difference divided by N is the cost of one
 * connection. Idle CPU is the server's over a quiet window in which the heartbeats go on.
 */
final class IdleCapacity extends HarnessScenario {
    @Override
    String id() {
        return "S1";
    }

    @Override
    String title() {
        return "Idle capacity";
    }

    @Override
    String method(HarnessSettings s) {
        return "Live heap after two full collections (Java: `jcmd GC.run` twice, then G1's used heap from "
                + "`GC.heap_info`; Node: `global.gc()` twice, then V8's `heapUsed`) and RSS, with no client and then "
                + "with N idle connections held by the generator (Socket.IO: connected to `/` and joined to one room, `join` "
                + "acked); per connection = "
                + "difference / N. Idle CPU: the server's CPU time over a " + s.idleCpuWindow().toSeconds() + " s "
                + "window with the connections open, 2 s after the last one opened (heartbeats going on; Engine.IO "
                + "pings each connection every 25 s from its open, so a shorter window may hold none), as a "
                + "percentage of one core; the JIT compiler threads' share of it is given apart.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        for (int n : s.idleConnections()) {
            variants.add(new Variant("N=" + n, List.of("-c", Integer.toString(n)), n));
        }
        return variants;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.lower("heapPerConnB", "heap/conn B").charted(), Figure.lower("rssPerConnB", "RSS/conn B"),
                Figure.lower("idleCpuPct", "idle CPU % of a core"),
                Figure.lower("idleJitCpuPct", "of which JIT compiler %"), Figure.higher("held", "connections held"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        ServerProcess server = context.server();
        long heapBefore = server.liveHeapBytes();
        long rssBefore = server.rssBytes();
        Path ready = Files.createTempFile("parley-idle", ".ready");
        Files.delete(ready);
        long windowMillis = context.settings().idleCpuWindow().toMillis();
        // Long enough for the measurements below (the window, 2 s before it, heap readings after it).
        long holdSeconds = windowMillis / 1000 + 15;
        List<String> extra = new ArrayList<>(variant.generatorArgs());
        extra.addAll(List.of("-d", holdSeconds + "s", "--ready-file", ready.toString()));
        if (server.kind.family == ServerKind.Family.SOCKETIO) {
            extra.addAll(List.of("--room", "idle"));
        }
        Generator.Run run = context.generator().start(context.name(),
                args("idle", context, context.server().kind.echoPath, extra));
        List<String> warnings = new ArrayList<>();
        // The generator creates the file, then writes the count: wait for the count, not only the file.
        while (readyCount(ready) < 0 && run.isAlive()) {
            Thread.sleep(200);
        }
        Map<String, Double> f = newFigures();
        long open = readyCount(ready);
        if (open >= 0) {
            Files.delete(ready);
            Thread.sleep(2000); // let the last handshakes' garbage and timers settle
            double cpuFrom = server.cpuSeconds();
            double jitFrom = server.jitCpuSeconds();
            Thread.sleep(windowMillis);
            double cpuTo = server.cpuSeconds();
            double jitTo = server.jitCpuSeconds();
            long heapAfter = server.liveHeapBytes();
            long rssAfter = server.rssBytes();
            f.put("heapPerConnB", open > 0 ? (heapAfter - heapBefore) / (double) open : Double.NaN);
            f.put("rssPerConnB", open > 0 ? (rssAfter - rssBefore) / (double) open : Double.NaN);
            f.put("idleCpuPct", 100 * (cpuTo - cpuFrom) / (windowMillis / 1000.0));
            // The JIT still compiling what the connection burst made hot is not a cost of holding connections.
            f.put("idleJitCpuPct", 100 * (jitTo - jitFrom) / (windowMillis / 1000.0));
            f.put("held", (double) open);
            if (open < variant.size()) {
                warnings.add("only " + open + " of " + variant.size() + " connections opened");
            }
        } else {
            warnings.add("the generator ended before its connections were open");
        }
        JsonNode report = run.await(holdSeconds + 300);
        double still = at(report, "hold/stillConnected");
        if (!Double.isNaN(still) && f.containsKey("held") && still < f.get("held")) {
            warnings.add((long) (f.get("held") - still) + " connections closed while held");
        }
        warnings.addAll(warnings(report));
        return new Outcome(f, warnings);
    }
}
