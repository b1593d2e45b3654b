package dev.parley.server;

import java.time.Duration;

/**
 * How {@link ParleyServer#drain} takes a server out of service.
 *
 * @param readinessDelay how long the server keeps accepting after readiness went down, so that a load
 *     balancer polling {@code /readyz} sees it before connections are refused; default 5 s
 * @param rate connections (Engine.IO sessions and raw WebSockets) closed per second, so that the clients
 *     reconnecting elsewhere arrive spread out; default 500
 * @param timeout the hard limit from the start of the drain: whatever is still open then is closed at once,
 *     and the server stops; default 30 s
 */
public record DrainPolicy(Duration readinessDelay, int rate, Duration timeout) {
    public static final Duration DEFAULT_READINESS_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_RATE = 500;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public DrainPolicy {
        if (readinessDelay.isNegative()) {
            throw new IllegalArgumentException("readinessDelay must be >= 0: " + readinessDelay);
        }
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be >= 1 connection per second: " + rate);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0: " + timeout);
        }
    }

    public static DrainPolicy defaults() {
        return new DrainPolicy(DEFAULT_READINESS_DELAY, DEFAULT_RATE, DEFAULT_TIMEOUT);
    }

    public DrainPolicy withReadinessDelay(Duration delay) {
        return new DrainPolicy(delay, rate, timeout);
    }

    public DrainPolicy withRate(int connectionsPerSecond) {
        return new DrainPolicy(readinessDelay, connectionsPerSecond, timeout);
    }

    public DrainPolicy withTimeout(Duration hardLimit) {
        return new DrainPolicy(readinessDelay, rate, hardLimit);
    }
}
