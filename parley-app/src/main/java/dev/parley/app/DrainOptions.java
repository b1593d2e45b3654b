package dev.parley.app;

import dev.parley.server.DrainPolicy;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of health checks ({@code /healthz}, {@code /readyz}) and of the drain on SIGTERM, mixed into
 * {@code parley serve}. Defaults are {@link DrainPolicy} and {@link Health}'s.
 */
final class DrainOptions {
    @Option(names = "--drain-readiness-delay", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_DRAIN_READINESS_DELAY:-5s}",
            description = "On SIGTERM, /readyz answers 503 at once and the listener keeps accepting this long, so the "
                    + "load balancer sees it first; Ctrl+C (SIGINT) skips it (env PARLEY_DRAIN_READINESS_DELAY). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration readinessDelay;

    @Option(names = "--drain-rate", defaultValue = "${env:PARLEY_DRAIN_RATE:-500}",
            description = "On SIGTERM, connections (Socket.IO clients, which reconnect elsewhere, and raw WebSockets, "
                    + "closed with 1001) closed per second (env PARLEY_DRAIN_RATE). Default: ${DEFAULT-VALUE}")
    int rate;

    @Option(names = "--drain-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_DRAIN_TIMEOUT:-30s}",
            description = "Hard limit of the drain, from SIGTERM: whatever is still open then is closed at once and "
                    + "the process exits (env PARLEY_DRAIN_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--health-check-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_HEALTH_CHECK_TIMEOUT:-2s}",
            description = "A readiness check (the database, Redis) that has not answered within this is down "
                    + "(env PARLEY_HEALTH_CHECK_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration checkTimeout;

    @Option(names = "--health-cache", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_HEALTH_CACHE:-1s}",
            description = "How long a readiness check's answer is reused, so frequent polling cannot load the "
                    + "database (env PARLEY_HEALTH_CACHE). Default: ${DEFAULT-VALUE}")
    Duration cacheFor;

    /** The drain of SIGTERM. */
    DrainPolicy policy() {
        return new DrainPolicy(readinessDelay, rate, timeout);
    }

    /** The health of {@code server}, its checks still to add. */
    Health health(ParleyServer server) {
        return new Health(server, cacheFor, checkTimeout);
    }
}
