package dev.parley.app;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --blocked-loop-warning}, {@code --blocked-loop-report-interval}, mixed into {@code parley serve}: the
 * watch for handlers that block an event loop ({@code --handlers EVENT_LOOP} only).
 */
final class BlockedLoopOptions {
    @Option(names = "--blocked-loop-warning", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_BLOCKED_LOOP_WARNING:-1s}",
            description = "With --handlers EVENT_LOOP, log a WARN with the event loop's stack when one handler turn "
                    + "runs longer than this on a loop; 0 disables (env PARLEY_BLOCKED_LOOP_WARNING). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration blockedLoopWarning;

    @Option(names = "--blocked-loop-report-interval", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_BLOCKED_LOOP_REPORT_INTERVAL:-60s}",
            description = "At most one blocked-loop stack per event loop per this interval; the turns left out are "
                    + "counted in the next report (env PARLEY_BLOCKED_LOOP_REPORT_INTERVAL). Default: ${DEFAULT-VALUE}")
    Duration blockedLoopReportInterval;
}
