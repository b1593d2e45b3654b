package dev.parley.benchmarks.load;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * S5, latency at a fixed rate: requests at a fixed total rate over N connections (open loop), latency
 * from each request's scheduled send time; reports p50, p99, p99.9 and max.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S5: open-loop latency at a fixed total rate, from each message's scheduled send time.")
final class LatencyScenario extends MessageScenario {
    @Option(names = {"-r", "--rate"}, defaultValue = "1000",
            description = "Requests per second, in total over all connections. Default: ${DEFAULT-VALUE}")
    double rate;

    private OpenLoopDriver driver;

    @Override
    void validate() {
        super.validate();
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0, not " + rate);
        }
    }

    @Override
    void putDriverSettings(Map<String, Object> settings) {
        settings.put("targetRatePerSecond", rate);
    }

    @Override
    void startDriver(List<LoadConnection> ready, LatencyStats stats, long startNanos) {
        driver = new OpenLoopDriver(rate, stats);
        driver.start(ready, startNanos);
    }

    @Override
    void putDriverResults(Map<String, Object> results, LatencyStats stats, Report report) {
        results.put("sentPerSecond", CpuMeter.round(stats.sentInWindow() / seconds(window.duration), 1));
        driver.putSendLag(results, report);
        results.put("serviceTime", HistogramSummary.micros(stats.serviceTimeHistogram()));
    }
}
