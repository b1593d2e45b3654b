package dev.parley.benchmarks.harness;

import static dev.parley.benchmarks.harness.MarkdownReport.number;
import static dev.parley.benchmarks.harness.ServerKind.NETTY_WS;
import static dev.parley.benchmarks.harness.ServerKind.NODE_SIO;
import static dev.parley.benchmarks.harness.ServerKind.NODE_WS;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_SIO;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_SIO_EVENT_LOOP;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_SIO_MODERN_JAVA;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_WS;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_WS_EVENT_LOOP;
import static dev.parley.benchmarks.harness.ServerKind.PARLEY_WS_MODERN_JAVA;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The targets of issue 16 and of the benchmark issue (the Scenarios table of docs/benchmarks.md), judged
 * from one harness run's medians: ratios are ratios of medians, each figure the median of its repetitions.
 * A target whose figures the run did not measure is "not measured"; one the run cannot decide (S7 when
 * both servers delivered all that was asked) is "open", with the reason.
 */
final class Targets {
    /** The S4 and S6 setting the ratios are stated at: 100 connections, one message in flight. */
    static final String ONE_IN_FLIGHT = "N=100 k=1";
    static final String ONE_CONNECTION = "1 conn @ 1k/s";
    /** S10: |last window / first - 1| of the live heap and of RSS within this is "no drift". */
    static final double DRIFT_PERCENT = 5;
    private static final Pattern S5_RATE = Pattern.compile("^1000 conns @ (\\d+)k/s$");
    private static final Pattern S1_SIZE = Pattern.compile("^N=(\\d+)$");

    enum Status {
        MET("met"), MISSED("**missed**"), OPEN("open"), NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /**
     * One target's outcome.
     *
     * @param scenario and {@code variant}: where it was measured (for the profile that explains a miss)
     * @param subject the Parley server the target is about
     */
    record Verdict(String target, String measured, Status status, String scenario, String variant,
            ServerKind subject) {
    }

    private final Results results;
    private final List<Verdict> verdicts = new ArrayList<>();

    private Targets(Results results) {
        this.results = results;
    }

    static List<Verdict> judge(Results results) {
        Targets t = new Targets(results);
        t.throughput();
        t.latency();
        t.idle();
        t.broadcast();
        t.soak();
        return t.verdicts;
    }

    private void throughput() {
        ratio("S4 Socket.IO echo, default handlers (Java 17), >= 2x Node socket.io (issue 16)", "S4", ONE_IN_FLIGHT,
                PARLEY_SIO, NODE_SIO, 2.0);
        ratio("S4 Socket.IO echo, default handlers, >= 3x Node socket.io (benchmark issue)", "S4", ONE_IN_FLIGHT,
                PARLEY_SIO, NODE_SIO, 3.0);
        ratio("S4 raw WebSocket echo, default handlers, >= Netty's floor", "S4", ONE_IN_FLIGHT, PARLEY_WS, NETTY_WS,
                1.0);
        ratio("S4 Socket.IO on Java 21+ (default: virtual threads) within 15% of EVENT_LOOP", "S4", ONE_IN_FLIGHT,
                PARLEY_SIO_MODERN_JAVA, PARLEY_SIO_EVENT_LOOP, 0.85);
        ratio("S4 raw WebSocket on Java 21+ (default: virtual threads) within 15% of EVENT_LOOP", "S4",
                ONE_IN_FLIGHT, PARLEY_WS_MODERN_JAVA, PARLEY_WS_EVENT_LOOP, 0.85);
        ratio("S6 Socket.IO acks, default handlers, >= 3x Node socket.io", "S6", ONE_IN_FLIGHT, PARLEY_SIO, NODE_SIO,
                3.0);
    }

    /** {@code mine / theirs} of the medians of msgPerSec at least {@code least}. */
    private void ratio(String target, String scenario, String variant, ServerKind mine, ServerKind theirs,
            double least) {
        double a = median(scenario, variant, mine, "msgPerSec");
        double b = median(scenario, variant, theirs, "msgPerSec");
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            notMeasured(target, scenario, variant, mine);
            return;
        }
        double r = a / b;
        add(target, String.format(Locale.ROOT, "%.2fx (%s against %s replies/s, %s)", r, number(a), number(b),
                variant), r >= least ? Status.MET : Status.MISSED, scenario, variant, mine);
    }

    private void latency() {
        for (ServerKind[] pair : new ServerKind[][] {{PARLEY_SIO_MODERN_JAVA, PARLEY_SIO}, {PARLEY_WS_MODERN_JAVA,
                PARLEY_WS}}) {
            String family = pair[1] == PARLEY_SIO ? "Socket.IO" : "raw WebSocket";
            String target = "S5 " + family + " on Java 21+ (virtual threads): p99 no worse than the thread pool "
                    + "(Java 17 default)";
            String variant = s5Variants().isEmpty() ? null : s5Variants().get(0);
            double vt = median("S5", variant, pair[0], "p99Us");
            double pool = median("S5", variant, pair[1], "p99Us");
            if (Double.isNaN(vt) || Double.isNaN(pool)) {
                notMeasured(target, "S5", variant, pair[0]);
            } else {
                add(target, micros(vt) + " against " + micros(pool) + " (" + variant + ")",
                        vt <= pool ? Status.MET : Status.MISSED, "S5", variant, pair[0]);
            }
        }
        for (ServerKind parley : List.of(PARLEY_SIO, PARLEY_WS)) {
            halfRateP99(parley);
        }
        oneConnection(PARLEY_WS, 10, "S5 raw WebSocket, one connection at 1k/s: p50 <= 10 µs");
        oneConnection(PARLEY_SIO, 15, "S5 Socket.IO, one connection at 1k/s: p50 <= 15 µs");
    }

    /** S5 at the 1,000-connection rate nearest half of the server's best S4 median: p99 <= 1 ms. */
    private void halfRateP99(ServerKind parley) {
        String target = "S5 " + (parley == PARLEY_SIO ? "Socket.IO" : "raw WebSocket")
                + ", default handlers: p99 <= 1 ms at half the maximum rate";
        double max = bestS4(parley);
        String best = null;
        double bestFraction = Double.NaN;
        for (String variant : s5Variants()) {
            double fraction = s5Rate(variant) / max;
            if (!Double.isNaN(median("S5", variant, parley, "p99Us"))
                    && (best == null || Math.abs(fraction - 0.5) < Math.abs(bestFraction - 0.5))) {
                best = variant;
                bestFraction = fraction;
            }
        }
        if (best == null || Double.isNaN(max)) {
            notMeasured(target, "S5", best, parley);
            return;
        }
        double p99 = median("S5", best, parley, "p99Us");
        String measured = String.format(Locale.ROOT, "%s at %s (%.2f of S4's %s replies/s)", micros(p99), best,
                bestFraction, number(max));
        // A rate far from half the maximum says nothing of the target, whatever its p99.
        Status status = bestFraction < 0.35 || bestFraction > 0.65 ? Status.OPEN
                : p99 <= 1000 ? Status.MET : Status.MISSED;
        add(target, status == Status.OPEN ? measured + "; no S5 rate near half" : measured, status, "S5", best,
                parley);
    }

    private void oneConnection(ServerKind parley, double p50Micros, String target) {
        double p50 = median("S5", ONE_CONNECTION, parley, "p50Us");
        if (Double.isNaN(p50)) {
            notMeasured(target, "S5", ONE_CONNECTION, parley);
            return;
        }
        add(target, micros(p50), p50 <= p50Micros ? Status.MET : Status.MISSED, "S5", ONE_CONNECTION, parley);
    }

    private void idle() {
        String variant = largest("S1");
        String at = variant == null ? "" : " (" + variant + ")";
        String target = "S1 idle CPU at 19,000 Socket.IO connections in a room <= 1% of a core (JIT left out)";
        double cpu = median("S1", variant, PARLEY_SIO, "idleCpuPct");
        double jit = median("S1", variant, PARLEY_SIO, "idleJitCpuPct");
        if (Double.isNaN(cpu)) {
            notMeasured(target, "S1", variant, PARLEY_SIO);
        } else {
            double settled = cpu - (Double.isNaN(jit) ? 0 : jit);
            String measured = String.format(Locale.ROOT, "%.2f%% (%.2f%% with the JIT)%s", settled, cpu, at);
            add(target, variant.equals("N=19000") ? measured : measured + "; not at 19,000",
                    !variant.equals("N=19000") ? Status.OPEN : settled <= 1.0 ? Status.MET : Status.MISSED, "S1",
                    variant, PARLEY_SIO);
        }
        double sio = median("S1", variant, PARLEY_SIO, "heapPerConnB");
        if (Double.isNaN(sio)) {
            notMeasured("S1 Socket.IO heap per connection in a room <= 3,000 B", "S1", variant, PARLEY_SIO);
        } else {
            add("S1 Socket.IO heap per connection in a room <= 3,000 B", number(sio) + " B" + at,
                    sio <= 3000 ? Status.MET : Status.MISSED, "S1", variant, PARLEY_SIO);
        }
        double raw = median("S1", variant, PARLEY_WS, "heapPerConnB");
        double netty = median("S1", variant, NETTY_WS, "heapPerConnB");
        String floor = "S1 raw WebSocket heap per connection <= Netty's floor";
        if (Double.isNaN(raw) || Double.isNaN(netty)) {
            notMeasured(floor, "S1", variant, PARLEY_WS);
        } else {
            add(floor, number(raw) + " against " + number(netty) + " B" + at,
                    raw <= netty ? Status.MET : Status.MISSED, "S1", variant, PARLEY_WS);
        }
        if (!Double.isNaN(raw)) {
            add("S1 raw WebSocket heap per connection <= 1,500 B (benchmark issue)", number(raw) + " B" + at,
                    raw <= 1500 ? Status.MET : Status.MISSED, "S1", variant, PARLEY_WS);
        }
    }

    private void broadcast() {
        String variant = largest("S7");
        String target = "S7 raw WebSocket broadcast >= 2x Node ws in deliveries/s";
        double mine = median("S7", variant, PARLEY_WS, "deliveriesPerSec");
        double theirs = median("S7", variant, NODE_WS, "deliveriesPerSec");
        if (Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0) {
            notMeasured(target, "S7", variant, PARLEY_WS);
            return;
        }
        double r = mine / theirs;
        double theirLoss = median("S7", variant, NODE_WS, "lossPct");
        String measured = String.format(Locale.ROOT, "%.2fx (%s against %s deliveries/s, %s)", r, number(mine),
                number(theirs), variant);
        if (r < 2 && theirLoss == 0) {
            // Node ws delivered all that was asked: the run did not reach its maximum, so no ratio of maxima.
            add(target, measured + "; Node ws delivered all asked", Status.OPEN, "S7", variant, PARLEY_WS);
        } else {
            add(target, measured, r >= 2 ? Status.MET : Status.MISSED, "S7", variant, PARLEY_WS);
        }
    }

    private void soak() {
        for (ServerKind server : results.servers("S10")) {
            String variant = results.variants("S10").get(0);
            double heap = median("S10", variant, server, "heapDriftPct");
            double rss = median("S10", variant, server, "rssDriftPct");
            double pause = median("S10", variant, server, "maxGcPauseMs");
            String drift = "S10 " + server.label + ": heap and RSS do not drift (within " + number(DRIFT_PERCENT)
                    + "%)";
            if (Double.isNaN(heap) || Double.isNaN(rss)) {
                notMeasured(drift, "S10", variant, server);
            } else {
                add(drift, String.format(Locale.ROOT, "heap %+.1f%%, RSS %+.1f%% (%s)", heap, rss, variant),
                        Math.abs(heap) <= DRIFT_PERCENT && Math.abs(rss) <= DRIFT_PERCENT ? Status.MET
                                : Status.MISSED, "S10", variant, server);
            }
            String gc = "S10 " + server.label + ": no GC pause over 10 ms";
            if (Double.isNaN(pause)) {
                notMeasured(gc, "S10", variant, server);
            } else {
                add(gc, "longest " + number(pause) + " ms", pause <= 10 ? Status.MET : Status.MISSED, "S10", variant,
                        server);
            }
        }
    }

    // ---- helpers ----

    private double median(String scenario, String variant, ServerKind server, String figure) {
        if (variant == null) {
            return Double.NaN;
        }
        Stats s = results.stats(scenario, variant, server, figure);
        return s.count() == 0 ? Double.NaN : s.median();
    }

    /** The best S4 median of msgPerSec over the run's S4 settings (as S10 takes it), or NaN. */
    private double bestS4(ServerKind server) {
        double best = Double.NaN;
        for (String variant : results.variants("S4")) {
            double m = median("S4", variant, server, "msgPerSec");
            if (!Double.isNaN(m) && (Double.isNaN(best) || m > best)) {
                best = m;
            }
        }
        return best;
    }

    /** S5's 1,000-connection settings of the run, lowest rate first. */
    private List<String> s5Variants() {
        return results.variants("S5").stream().filter(v -> S5_RATE.matcher(v).matches())
                .sorted((a, b) -> Double.compare(s5Rate(a), s5Rate(b))).toList();
    }

    private static double s5Rate(String variant) {
        Matcher m = S5_RATE.matcher(variant);
        return m.matches() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
    }

    /** The last setting of a scenario in the run (S1: the most connections), or null. */
    private String largest(String scenario) {
        List<String> variants = results.variants(scenario);
        if (scenario.equals("S1")) {
            return variants.stream().filter(v -> S1_SIZE.matcher(v).matches())
                    .max((a, b) -> Integer.compare(size(a), size(b))).orElse(null);
        }
        return variants.isEmpty() ? null : variants.get(variants.size() - 1);
    }

    private static int size(String variant) {
        Matcher m = S1_SIZE.matcher(variant);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String micros(double us) {
        return us >= 1000 ? number(us / 1000) + " ms" : number(us) + " µs";
    }

    private void add(String target, String measured, Status status, String scenario, String variant,
            ServerKind subject) {
        verdicts.add(new Verdict(target, measured, status, scenario, variant, subject));
    }

    private void notMeasured(String target, String scenario, String variant, ServerKind subject) {
        add(target, "–", Status.NOT_MEASURED, scenario, variant, subject);
    }
}
