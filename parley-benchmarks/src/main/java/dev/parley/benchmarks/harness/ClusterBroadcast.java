package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * S11: a two-server Socket.IO cluster over Redis. Two processes of the same server (Parley's {@code echo} app
 * with {@code --redis}, or the Node socket.io peer with {@code @socket.io/redis-adapter}), on one Redis key of
 * the run's own; the subscribers are spread over both (half each, all in one room), one publisher on the
 * first broadcasts at a fixed rate (S7's open loop). The first server delivers to its half and publishes each
 * broadcast to Redis, which the second server hears and delivers to the other half: the figures are the
 * deliveries per second, their latency, each side's CPU and Redis's.
 *
 * <p>Redis is shared by every run (and by whatever else uses it): its CPU is read from its own counters
 * ({@code INFO cpu}), so it means something only on an otherwise idle Redis.
 */
final class ClusterBroadcast extends HarnessScenario {
    /** The room every subscriber joins. */
    private static final String ROOM = "cluster";

    /** The key of the run under way (runs are sequential): with streams, its stream is deleted after the run. */
    private String runKey;

    @Override
    String id() {
        return "S11";
    }

    @Override
    String title() {
        return "Cluster broadcast (2 servers + Redis)";
    }

    @Override
    String title(HarnessSettings s) {
        return "Cluster broadcast (2 servers + Redis, " + s.clusterProtocol().label() + " adapter)";
    }

    @Override
    String method(HarnessSettings s) {
        ClusterProtocol protocol = s.clusterProtocol();
        String nodeEnv = String.join(", ", protocol.nodeEnv("KEY").entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList());
        return "Two processes of the server form a cluster over the Redis at `" + s.redisUrl() + "` with the "
                + protocol.label() + " adapter protocol (Parley: `parley serve --app echo --redis URL --redis-key KEY "
                + String.join(" ", protocol.parleyArgs("KEY")) + "`; Node socket.io: the same peer with "
                + nodeAdapter(protocol) + " over node-redis 5.10.0, env `REDIS_URL`, `REDIS_KEY` and " + nodeEnv
                + "), on a key of the run's own. The subscribers are spread over both servers, half each, and join "
                + "one room (`join` acknowledged); one more connection, on the first server, publishes "
                + "`broadcast` open loop, " + s.clusterRates() + " deliveries per second in total (rate = that / N), "
                + "with the send time in the payload, as in S7. The first server delivers to its half and publishes "
                + "to Redis; the second delivers what it hears from Redis to the other half. Deliveries/s and "
                + "latency (scheduled publish to receipt) over all subscribers; server cores = both processes; Redis "
                + "cores from its `INFO cpu` (`used_cpu_sys + used_cpu_user`) at the window's start and end, so "
                + "Redis must be otherwise idle; Redis CPU per broadcast = its CPU / broadcasts. A server's capacity "
                + "is the highest rate of the sweep it still delivers in full (no loss) with p99 under the bound "
                + "compared; the issue's target is Parley >= 2x Node's deliveries/s at the same p99.";
    }

    private static String nodeAdapter(ClusterProtocol protocol) {
        return switch (protocol.adapter()) {
            case "sharded" -> "`@socket.io/redis-adapter` 8.3.0's `createShardedAdapter`";
            case "streams" -> "`@socket.io/redis-streams-adapter` 0.3.1's `createAdapter`";
            default -> "`@socket.io/redis-adapter` 8.3.0's `createAdapter`";
        };
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        // netty-socketio has no adapter that speaks @socket.io/redis-adapter's protocol.
        return kind.family == ServerKind.Family.SOCKETIO && (kind.isParley() || kind == ServerKind.NODE_SIO);
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        boolean sweep = s.clusterRates().size() > 1;
        for (int n : s.clusterSubscribers()) {
            for (int deliveries : s.clusterRates()) {
                long rate = Math.max(1, deliveries / n);
                variants.add(new Variant("N=" + n + " @ " + rate + "/s",
                        List.of("-c", Integer.toString(n), "-r", Long.toString(rate)), sweep ? rate * n : n));
            }
        }
        return variants;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("deliveriesPerSec", "deliveries/s").charted(),
                Figure.lower("p50Us", "p50 µs"), Figure.lower("p99Us", "p99 µs").charted(),
                Figure.lower("lossPct", "lost %"), Figure.lower("serverCores", "server cores (both)"),
                Figure.lower("serverCpuUsPerDelivery", "server CPU µs/delivery").charted(),
                Figure.lower("redisCores", "Redis cores"),
                Figure.lower("redisCpuUsPerBroadcast", "Redis CPU µs/broadcast"),
                Figure.lower("maxGcPauseMs", "max GC pause ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        String redis = context.settings().redisUrl();
        int secondPort = context.port() + 1;
        ServerProcess first = context.server();
        try (ServerProcess second = context.moreServers().start("second", secondPort)) {
            // GC pauses count from the generator's warm-up end, on each server's own clock.
            double firstStartedAt = first.uptimeSeconds();
            double secondStartedAt = second.uptimeSeconds();
            String path = first.kind.broadcastPath;
            List<String> extra = new ArrayList<>(messageRun(context, variant, "--room", ROOM,
                    "--subscriber-url", first.kind.url(context.port(), path),
                    "--subscriber-url", second.kind.url(secondPort, path),
                    "--server-pid", Long.toString(second.pid()), "--redis-cpu", redis));
            JsonNode report = context.generator().start(context.name(), args("broadcast", context, path, extra))
                    .await(900);
            Map<String, Double> f = newFigures();
            double deliveries = at(report, "results/deliveriesPerSecond");
            f.put("deliveriesPerSec", deliveries);
            f.put("p50Us", at(report, "results/latency/p50Micros"));
            f.put("p99Us", at(report, "results/latency/p99Micros"));
            f.put("lossPct", at(report, "results/lossPercent"));
            double cores = at(report, "cpu/serverCores");
            f.put("serverCores", cores);
            f.put("serverCpuUsPerDelivery", deliveries > 0 ? cores * 1e6 / deliveries : Double.NaN);
            double redisCores = at(report, "cpu/redisCores");
            f.put("redisCores", redisCores);
            double broadcasts = at(report, "settings/targetBroadcastsPerSecond");
            f.put("redisCpuUsPerBroadcast", broadcasts > 0 ? redisCores * 1e6 / broadcasts : Double.NaN);
            putMaxGcPause(f, first.maxGcPauseMillis(afterWarmup(context, firstStartedAt)),
                    second.maxGcPauseMillis(afterWarmup(context, secondStartedAt)));
            return new Outcome(f, warnings(report));
        } finally {
            deleteStream(context.settings());
        }
    }

    /** A streams run leaves its stream (up to {@code --redis-stream-max-len} entries) in Redis: not worth keeping. */
    private void deleteStream(HarnessSettings settings) throws Exception {
        if (runKey != null && settings.clusterProtocol().adapter().equals("streams")) {
            ServerProcess.run("redis-cli", "-u", settings.redisUrl(), "DEL", runKey);
        }
    }

    /**
     * For each room size and p99 bound, each server's capacity ({@link SweepCapacity}: the most deliveries/s of
     * a step delivered in full with p99 within the bound, medians of the repetitions) and Parley's over Node's:
     * the issue's "deliveries/s at the same p99".
     */
    @Override
    String summary(HarnessSettings s, Results results, List<ServerKind> servers) {
        List<ServerKind> ran = servers.stream().filter(this::appliesTo).toList();
        if (ran.isEmpty() || s.clusterRates().size() < 2) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n### Capacity at the same p99\n\nThe most deliveries/s of a step of the "
                + "sweep with nothing lost and median p99 within the bound (– : no step qualified).\n\n| N | p99 within |");
        ran.forEach(k -> out.append(' ').append(k.label).append(" |"));
        List<ServerKind> parleys = ran.stream().filter(ServerKind::isParley).toList();
        boolean ratio = ran.contains(ServerKind.NODE_SIO) && !parleys.isEmpty();
        if (ratio) {
            parleys.forEach(p -> out.append(' ').append(p.label).append(" ÷ Node |"));
        }
        out.append("\n| ---: | ---: |").append(" ---: |".repeat(ran.size() + (ratio ? parleys.size() : 0))).append('\n');
        for (int n : s.clusterSubscribers()) {
            for (int boundMs : s.clusterP99BoundsMillis()) {
                out.append("| ").append(n).append(" | ").append(boundMs).append(" ms |");
                Map<ServerKind, OptionalDouble> capacity = new EnumMap<>(ServerKind.class);
                for (ServerKind k : ran) {
                    capacity.put(k, SweepCapacity.within(steps(s, results, k, n), boundMs * 1000.0));
                    out.append(' ').append(capacity.get(k).isPresent()
                            ? MarkdownReport.number(capacity.get(k).getAsDouble()) : "–").append(" |");
                }
                if (ratio) {
                    OptionalDouble node = capacity.get(ServerKind.NODE_SIO);
                    for (ServerKind p : parleys) {
                        OptionalDouble mine = capacity.get(p);
                        out.append(' ').append(mine.isPresent() && node.isPresent() ? String.format(Locale.ROOT,
                                "%.2f", mine.getAsDouble() / node.getAsDouble()) : "–").append(" |");
                    }
                }
                out.append('\n');
            }
        }
        return out.append("\nA ratio at the top of the sweep is a lower bound: the server may have more.\n").toString();
    }

    private List<SweepCapacity.Step> steps(HarnessSettings s, Results results, ServerKind kind, int subscribers) {
        List<SweepCapacity.Step> steps = new ArrayList<>();
        for (Variant v : variants(s)) {
            if (v.label().startsWith("N=" + subscribers + " @")) {
                steps.add(new SweepCapacity.Step(results.stats(id(), v.label(), kind, "deliveriesPerSec").median(),
                        results.stats(id(), v.label(), kind, "p99Us").median(),
                        results.stats(id(), v.label(), kind, "lossPct").median()));
            }
        }
        return steps;
    }

    /**
     * The setup of one run: Parley gets {@code --redis URL --redis-key KEY} and the protocol's options, the Node
     * peer the same in {@code REDIS_URL}, {@code REDIS_KEY} and the protocol's variables ({@link ClusterProtocol}).
     * The key is the run's own, so that no run (nor a server that outlived one) hears another's broadcasts.
     * Checks first that Redis answers: without it Parley would exit and the Node peer would retry forever.
     */
    @Override
    ServerSetup serverSetup(String runName, HarnessSettings settings) throws Exception {
        String redis = settings.redisUrl();
        String pong = ServerProcess.run("redis-cli", "-u", redis, "PING").trim();
        if (!pong.equals("PONG")) {
            throw new IllegalStateException("Redis at " + redis + " did not answer PING: " + pong);
        }
        String key = "parley-bench-" + runName + "-" + System.currentTimeMillis();
        runKey = key;
        ClusterProtocol protocol = settings.clusterProtocol();
        List<String> parley = new ArrayList<>(List.of("--redis", redis, "--redis-key", key));
        parley.addAll(protocol.parleyArgs(key));
        Map<String, String> node = new LinkedHashMap<>(Map.of("REDIS_URL", redis, "REDIS_KEY", key));
        node.putAll(protocol.nodeEnv(key));
        return new ServerSetup(parley, node);
    }

    private static double afterWarmup(Context context, double startedAt) {
        return startedAt + context.settings().warmup().toMillis() / 1000.0;
    }

    private static void putMaxGcPause(Map<String, Double> f, OptionalDouble a, OptionalDouble b) {
        if (a.isPresent() || b.isPresent()) {
            f.put("maxGcPauseMs", Math.max(a.orElse(0), b.orElse(0)));
        }
    }
}
