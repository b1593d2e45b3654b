package dev.parley.benchmarks.load;

import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * S1, idle connections: N connections opened, then held for a duration while answering the server's
 * pings (WebSocket and Engine.IO); reports how many stayed connected, and what holding them cost.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S1: open N connections, hold them answering pings, report how many stayed connected.")
final class IdleScenario extends Scenario {
    @Option(names = {"-c", "--connections"}, defaultValue = "1000",
            description = "Connections to open and hold. Default: ${DEFAULT-VALUE}")
    int connections;

    @Option(names = {"-d", "--duration"}, defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to hold them once open. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Once every connection is open (or failed), write the number open to this file: how "
                    + "the benchmark harness knows when to measure the server.")
    java.nio.file.Path readyFile;

    @Option(names = "--room",
            description = "socketio: each connection also joins this room (emits join [room] and waits for the "
                    + "ack), as a chat client would.")
    String room;

    @Override
    ProtocolSession.Factory sessions(Protocol protocol) {
        if (room == null) {
            return super.sessions(protocol);
        }
        if (protocol != Protocol.socketio) {
            throw new IllegalArgumentException("--room is for --protocol socketio");
        }
        // A subscriber of the broadcast scenario: ready once its join is acked, then receives nothing.
        return new BroadcastSpec(protocol, 16, false, room).subscribers();
    }

    @Override
    void validate() {
        requirePositive("--connections", connections);
    }

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        settings.put("connections", connections);
        if (room != null) {
            settings.put("room", room);
        }
        settings.put("holdSeconds", seconds(duration));
        ConnectionOpener.Result opened = ConnectionOpener.open(client.connector(), connections,
                client.config().concurrency(), false);
        report.section("open").putAll(opened.figures());
        if (opened.ready().isEmpty()) {
            report.warn("no connection became ready: nothing to hold");
            return 1;
        }
        if (readyFile != null) {
            java.nio.file.Files.writeString(readyFile, Integer.toString(opened.ready().size()));
        }
        ConnectionStats stats = client.stats();
        long wsPings = stats.webSocketPingsAnswered.sum();
        long engineIoPings = stats.engineIoPingsAnswered.sum();
        Map<String, Long> lostBefore = closedByReason(opened.ready());
        CpuMeter.Sample from = cpu.sample();
        sleepUntil(from.wallNanos() + duration.toNanos());
        CpuMeter.Sample to = cpu.sample();
        Map<String, Long> lost = closedByReason(opened.ready());

        Map<String, Object> hold = report.section("hold");
        int held = opened.ready().size() - (int) count(lostBefore);
        hold.put("connectedAtStart", held);
        hold.put("stillConnected", opened.ready().size() - count(lost));
        hold.put("closedDuringHold", count(lost) - count(lostBefore));
        hold.put("closeReasons", lost);
        hold.put("webSocketPingsAnswered", stats.webSocketPingsAnswered.sum() - wsPings);
        hold.put("engineIoPingsAnswered", stats.engineIoPingsAnswered.sum() - engineIoPings);
        hold.put("engineIoPingIntervalMillis", stats.engineIoPingIntervalMillis);
        putCpu(report, "cpu", from, to);
        if (count(lost) > 0) {
            report.warn(count(lost) + " connections closed while held");
        }
        report.section("close").put("reasons", closeAll(opened.ready(), client.config().closeTimeout()));
        return 0;
    }
}
