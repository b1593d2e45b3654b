package dev.parley.benchmarks.load;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the scenarios that measure messages: how long, after how much warm-up. */
final class WindowOptions {
    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Measurement window, after the warm-up. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "2s", converter = DurationConverter.class,
            description = "Load before the window, not measured (JIT, pools, the server's too). Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--drain-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "After the window, how long to wait for the replies to the requests it sent. "
                    + "Default: ${DEFAULT-VALUE}")
    Duration drainTimeout;
}
