package dev.parley.benchmarks.load;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * S4, echo throughput: N connections, each with K requests in flight (closed loop); reports the replies
 * per second and their latency percentiles.
 */
@Command(name = "echo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S4: closed-loop echo throughput over N connections with K messages in flight each.")
final class EchoScenario extends MessageScenario {
    @Option(names = {"-k", "--in-flight"}, defaultValue = "1",
            description = "Requests outstanding per connection. Default: ${DEFAULT-VALUE}")
    int inFlight;

    @Override
    void validate() {
        super.validate();
        requirePositive("--in-flight", inFlight);
    }

    @Override
    void putDriverSettings(Map<String, Object> settings) {
        settings.put("inFlightPerConnection", inFlight);
    }

    @Override
    void startDriver(List<LoadConnection> ready, LatencyStats stats, long startNanos) {
        new ClosedLoopDriver(inFlight, stats).start(ready);
    }

    @Override
    void putDriverResults(Map<String, Object> results, LatencyStats stats, Report report) {
        results.put("payloadBytesPerSecondEachWay",
                CpuMeter.round(stats.answeredInWindow() * (double) message.payload / seconds(window.duration), 0));
    }
}
