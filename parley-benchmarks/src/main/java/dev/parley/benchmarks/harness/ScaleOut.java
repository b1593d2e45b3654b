package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S2: scale-out past one process's file limit. P Parley processes listen on one port with
 * {@code SO_REUSEPORT} (the kernel spreads connections among them) and P generator processes hold C idle
 * connections each, so no process of either side comes near the machine's 20,000 open files. Shows that
 * the cost per connection stays flat as processes and connections grow (linearity), and how evenly the
 * kernel balances.
 */
final class ScaleOut extends HarnessScenario {
    private static final long SETTLE_MILLIS = 2000;

    @Override
    String id() {
        return "S2";
    }

    @Override
    String title() {
        return "Scale-out with SO_REUSEPORT";
    }

    @Override
    String method(HarnessSettings s) {
        return "P Parley processes (`--reuse-port`, each with its own fixed heap) share one port; P generator "
                + "processes each open " + s.scaleConnections() + " idle connections (Socket.IO: connected to `/` "
                + "and joined to a room) and hold them. Each server's connections are counted from its open file "
                + "descriptors (before and after), its live heap and RSS as in S1; figures are totals over the "
                + "processes, per connection = total difference / total connections; balance = fewest "
                + "connections of a process / most. Flat heap and RSS per connection as P grows is the linearity.";
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.PARLEY_WS || kind == ServerKind.PARLEY_SIO;
    }

    @Override
    List<String> parleyArgs() {
        return List.of("--reuse-port");
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        for (int p : s.scaleProcesses()) {
            variants.add(new Variant("P=" + p, List.of(), (long) p * s.scaleConnections()));
        }
        return variants;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("held", "connections held").charted(),
                Figure.lower("heapPerConnB", "heap/conn B").charted(), Figure.lower("rssPerConnB", "RSS/conn B"),
                Figure.lower("totalHeapMB", "live heap MB").charted(), Figure.higher("balance", "balance min/max"),
                Figure.lower("maxProcessFds", "most fds in a process"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        int processes = (int) (variant.size() / context.settings().scaleConnections());
        List<ServerProcess> servers = new ArrayList<>(List.of(context.server()));
        List<String> warnings = new ArrayList<>();
        try {
            for (int i = 2; i <= processes; i++) {
                servers.add(context.moreServers().start("p" + i, context.port()));
            }
            int n = servers.size();
            long[] fdsBefore = new long[n];
            long[] heapBefore = new long[n];
            long[] rssBefore = new long[n];
            for (int i = 0; i < n; i++) {
                heapBefore[i] = servers.get(i).liveHeapBytes();
                rssBefore[i] = servers.get(i).rssBytes();
                fdsBefore[i] = servers.get(i).openFiles();
            }
            List<Generator.Run> generators = new ArrayList<>();
            List<Path> readyFiles = new ArrayList<>();
            long holdSeconds = 30L + 5L * n;
            for (int g = 1; g <= n; g++) {
                Path ready = Files.createTempFile("parley-scale", ".ready");
                Files.delete(ready);
                readyFiles.add(ready);
                List<String> extra = new ArrayList<>(List.of("-c", Integer.toString(context.settings().scaleConnections()),
                        "-d", holdSeconds + "s", "--ready-file", ready.toString()));
                if (context.server().kind.family == ServerKind.Family.SOCKETIO) {
                    extra.addAll(List.of("--room", "idle"));
                }
                generators.add(context.generator().start(context.name() + "-g" + g,
                        args("idle", context, context.server().kind.echoPath, extra)));
            }
            long opened = 0;
            for (int g = 0; g < n; g++) {
                long count;
                while ((count = readyCount(readyFiles.get(g))) < 0 && generators.get(g).isAlive()) {
                    Thread.sleep(200);
                }
                if (count < 0) {
                    warnings.add("generator " + (g + 1) + " ended before its connections were open");
                } else {
                    opened += count;
                    Files.delete(readyFiles.get(g));
                }
            }
            Thread.sleep(SETTLE_MILLIS);
            long held = 0;
            long heapDiff = 0;
            long rssDiff = 0;
            long fewest = Long.MAX_VALUE;
            long most = 0;
            long maxFds = 0;
            for (int i = 0; i < n; i++) {
                ServerProcess server = servers.get(i);
                long fds = server.openFiles();
                long connections = fds - fdsBefore[i];
                held += connections;
                fewest = Math.min(fewest, connections);
                most = Math.max(most, connections);
                maxFds = Math.max(maxFds, fds);
                heapDiff += server.liveHeapBytes() - heapBefore[i];
                rssDiff += server.rssBytes() - rssBefore[i];
            }
            Map<String, Double> f = newFigures();
            f.put("held", (double) held);
            f.put("heapPerConnB", held > 0 ? heapDiff / (double) held : Double.NaN);
            f.put("rssPerConnB", held > 0 ? rssDiff / (double) held : Double.NaN);
            f.put("totalHeapMB", heapDiff / 1048576.0);
            f.put("balance", most > 0 ? fewest / (double) most : Double.NaN);
            f.put("maxProcessFds", (double) maxFds);
            if (held != opened) {
                warnings.add("the generators opened " + opened + " connections, the servers hold " + held);
            }
            for (Generator.Run run : generators) {
                JsonNode report = run.await(holdSeconds + 300);
                warnings.addAll(warnings(report));
            }
            return new Outcome(f, warnings);
        } finally {
            for (ServerProcess extra : servers.subList(1, servers.size())) {
                extra.close();
            }
        }
    }
}
