package dev.parley.app.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.metrics.ParleyMetrics;
import dev.parley.server.HandlerExecution;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same protocol cases with every layer reporting to a {@link ParleyMetrics}: the observers change nothing
 * the clients see, and once the cases are over and the server stopped, every open-count gauge is back to
 * zero: each open was matched by exactly one close (a close counted twice would leave it negative, a close
 * missed positive), through every way the cases end a session.
 */
class SocketIoProtocolWithMetricsIT extends SocketIoProtocolIT {
    private static final Pattern OPEN_GAUGE = Pattern.compile(
            "^(parley_connections|parley_engineio_sessions|parley_websocket_connections|parley_socketio_sockets"
                    + "|parley_socketio_acks_pending)\\{[^}]*} (\\S+)$", Pattern.MULTILINE);
    private static ParleyMetrics metrics;

    @BeforeAll
    static void start() throws Exception {
        metrics = ParleyMetrics.create();
        startWith(HandlerExecution.AUTO, metrics);
    }

    /**
     * Hides the parent's: the server stops first (its clients answer pings, so their sessions last until then),
     * then every open count must be back to zero.
     */
    @AfterAll
    static void stop() throws Exception {
        try {
            SocketIoProtocolIT.stop();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                String scrape = metrics.scrape();
                Matcher m = OPEN_GAUGE.matcher(scrape);
                int gauges = 0;
                while (m.find()) {
                    gauges++;
                    assertThat(Double.parseDouble(m.group(2))).as(m.group()).isZero();
                }
                assertThat(gauges).isGreaterThanOrEqualTo(6);
                assertThat(scrape).containsPattern("parley_handshakes_total\\{protocol=\"socketio\"} [1-9]");
            });
        } finally {
            metrics.close();
        }
    }
}
