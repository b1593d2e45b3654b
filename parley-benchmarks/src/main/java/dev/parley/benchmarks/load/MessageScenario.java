package dev.parley.benchmarks.load;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The scenarios that measure messages over open connections: open them, load them through a warm-up and
 * a measurement window, wait for the window's replies, report, close. Subclasses choose the driver.
 */
abstract class MessageScenario extends Scenario {
    @Option(names = {"-c", "--connections"}, defaultValue = "100",
            description = "Connections to open and load. Default: ${DEFAULT-VALUE}")
    int connections;

    @Mixin
    MessageOptions message;

    @Mixin
    WindowOptions window;

    @Override
    ProtocolSession.Factory sessions(Protocol protocol) {
        return message.spec(protocol).sessions();
    }

    @Override
    void validate() {
        requirePositive("--connections", connections);
    }

    /** Puts the driver's options. */
    abstract void putDriverSettings(Map<String, Object> settings);

    /** Starts the load at {@code startNanos}; it ends by itself at the window's end. */
    abstract void startDriver(List<LoadConnection> ready, LatencyStats stats, long startNanos);

    /** Puts the driver's own figures, after the drain. */
    abstract void putDriverResults(Map<String, Object> results, LatencyStats stats, Report report);

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        putSettings(client.config().target().protocol(), settings);
        ConnectionOpener.Result opened = ConnectionOpener.open(client.connector(), connections,
                client.config().concurrency(), false);
        report.section("open").putAll(opened.figures());
        if (opened.ready().isEmpty()) {
            report.warn("no connection became ready: nothing was measured");
            return 1;
        }
        if (opened.failed() > 0) {
            report.warn(opened.failed() + " of " + connections + " connections failed to open");
        }
        long start = System.nanoTime();
        LatencyStats stats = new LatencyStats(start + window.warmup.toNanos(),
                start + window.warmup.toNanos() + window.duration.toNanos());
        startDriver(opened.ready(), stats, start);
        sleepUntil(stats.windowStart());
        CpuMeter.Sample from = cpu.sample();
        sleepUntil(stats.windowEnd());
        CpuMeter.Sample to = cpu.sample();
        drain(stats, window.drainTimeout);
        Map<String, Long> lost = closedByReason(opened.ready());

        Map<String, Object> results = report.section("results");
        long sent = stats.sentInWindow();
        long answered = stats.answeredInWindow();
        results.put("sent", sent);
        results.put("answered", answered);
        results.put("unansweredAfterDrain", sent - answered);
        // One message is one request and its reply.
        results.put("messagesPerSecond", CpuMeter.round(answered / seconds(window.duration), 1));
        results.put("latency", HistogramSummary.micros(stats.histogram()));
        putDriverResults(results, stats, report);
        putCpu(report, "cpu", from, to);
        Map<String, Object> health = report.section("connections");
        health.put("lostDuringRun", count(lost));
        health.put("lostReasons", lost);
        putConnectionCounters(health, client.stats());
        if (sent > answered) {
            report.warn((sent - answered) + " requests of the window were not answered within the drain timeout");
        }
        if (count(lost) > 0) {
            report.warn(count(lost) + " connections closed during the run");
        }
        report.section("close").put("reasons", closeAll(opened.ready(), client.config().closeTimeout()));
        return 0;
    }

    private void putSettings(Protocol protocol, Map<String, Object> settings) {
        settings.put("connections", connections);
        settings.put("payloadBytes", message.payload);
        if (protocol == Protocol.ws) {
            settings.put("messageType", message.binary ? "binary" : "text");
        } else {
            settings.put("requests", message.ack ? "event \"" + message.ackEvent + "\" with ack"
                    : "event \"" + message.event + "\", reply event \"" + message.replyEvent + "\"");
        }
        settings.put("warmupSeconds", seconds(window.warmup));
        settings.put("durationSeconds", seconds(window.duration));
        putDriverSettings(settings);
    }
}
