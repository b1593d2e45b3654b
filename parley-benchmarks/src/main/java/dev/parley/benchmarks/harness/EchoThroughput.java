package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S4 (echo throughput, closed loop) and S6 (Socket.IO ack round trips): N connections, k messages in flight
 * on each, every reply answered by the next message. Raw WebSocket servers echo text frames; Socket.IO
 * servers answer {@code message} with {@code message-back} (S4) or acknowledge {@code message-with-ack} (S6).
 */
final class EchoThroughput extends HarnessScenario {
    private final boolean acks;

    private EchoThroughput(boolean acks) {
        this.acks = acks;
    }

    static EchoThroughput echo() {
        return new EchoThroughput(false);
    }

    static EchoThroughput acks() {
        return new EchoThroughput(true);
    }

    @Override
    String id() {
        return acks ? "S6" : "S4";
    }

    @Override
    String title() {
        return acks ? "Socket.IO ack round trips" : "Echo throughput";
    }

    @Override
    String method(HarnessSettings s) {
        return (acks ? "Socket.IO events with an ack id (`42<id>[\"message-with-ack\",...]`), each answered by an ack"
                : "Raw WebSocket: a text message echoed. Socket.IO: `message` answered by `message-back`")
                + "; " + s.payloadBytes() + "-byte payloads, closed loop (the next message leaves when a reply "
                + "arrives), " + s.warmup().toSeconds() + " s warm-up discarded, " + s.duration().toSeconds()
                + " s measured. Latency from send to reply. CPU per message is the whole machine's (/proc/stat, "
                + "softirq included) divided by the replies.";
    }

    @Override
    List<Variant> variants(HarnessSettings s) {
        List<Variant> variants = new ArrayList<>();
        List<String> settings = acks ? s.ackInFlight().stream().map(k -> "100x" + k).toList() : s.echo();
        for (String setting : settings) {
            String[] nk = setting.toLowerCase(java.util.Locale.ROOT).split("x");
            int n = Integer.parseInt(nk[0].trim());
            int k = nk.length > 1 ? Integer.parseInt(nk[1].trim()) : 1;
            variants.add(new Variant("N=" + n + " k=" + k,
                    List.of("-c", Integer.toString(n), "-k", Integer.toString(k)), n));
        }
        return variants;
    }

    @Override
    boolean appliesTo(ServerKind kind) {
        return !acks || kind.family == ServerKind.Family.SOCKETIO;
    }

    @Override
    List<Figure> figures() {
        return List.of(Figure.higher("msgPerSec", "replies/s").charted(), Figure.lower("p50Us", "p50 µs"),
                Figure.lower("p99Us", "p99 µs"), Figure.lower("serverCores", "server cores"),
                Figure.lower("cpuUsPerMsg", "machine CPU µs/msg"), Figure.lower("maxGcPauseMs", "max GC pause ms"));
    }

    @Override
    Outcome run(Context context, Variant variant) throws Exception {
        List<String> extra = acks ? messageRun(context, variant, "--ack") : messageRun(context, variant);
        double startedAt = context.server().uptimeSeconds();
        JsonNode report = context.generator().start(context.name(),
                args("echo", context, context.server().kind.echoPath, extra)).await(600);
        Map<String, Double> f = newFigures();
        double rate = at(report, "results/messagesPerSecond");
        f.put("msgPerSec", rate);
        f.put("p50Us", at(report, "results/latency/p50Micros"));
        f.put("p99Us", at(report, "results/latency/p99Micros"));
        f.put("serverCores", at(report, "cpu/serverCores"));
        f.put("cpuUsPerMsg", machineMicrosPerMessage(report, rate));
        putGcPause(context, startedAt, f);
        return new Outcome(f, warnings(report));
    }
}
