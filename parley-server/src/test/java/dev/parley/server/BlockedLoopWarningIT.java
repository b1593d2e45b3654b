package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.internal.BlockedLoopChecker;
import dev.parley.testkit.LogTap;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocked-loop warning with handlers on the event loops, seen through a real server, the JDK's WebSocket
 * client and the log: a handler that sleeps three times the threshold is reported once, with its own method in
 * the loop's stack; handlers that return at once are not; and no checker thread exists unless handlers run on
 * the loops.
 */
class BlockedLoopWarningIT {
    private static final Duration THRESHOLD = Duration.ofMillis(100);
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    /** Answers at once. */
    private static final class FastListener implements WebSocketListener {
        @Override
        public void onText(WebSocketSession session, String text) {
            session.sendText("fast " + text);
        }
    }

    /** Blocks its event loop, as a handler that sleeps (or waits on JDBC, a future...) would. */
    private static final class SleepingListener implements WebSocketListener {
        @Override
        public void onText(WebSocketSession session, String text) {
            sleepOnTheLoop(THRESHOLD.toMillis() * 3);
            session.sendText("slept " + text);
        }

        private static void sleepOnTheLoop(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ParleyServer start(HandlerExecution execution, Duration threshold) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(execution)
                .blockedLoopWarning(threshold).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/fast", new FastListener()).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws/slow", new SleepingListener()).build())
                .start();
        return server;
    }

    /** The JDK's WebSocket client on {@code path}; every text it receives goes to {@code received}. */
    private WebSocket connect(String path, BlockingQueue<String> received) throws Exception {
        return http.newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http://", "ws://") + path), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String text = received.poll(10, TimeUnit.SECONDS);
        assertThat(text).as("an answer within 10 s").isNotNull();
        return text;
    }

    private static boolean checkerRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(BlockedLoopChecker.THREAD_NAME) && t.isAlive());
    }

    @Test
    void aHandlerThatBlocksItsLoopIsReportedOnceWithItsStackAndFastOnesAreNot() throws Exception {
        try (LogTap log = LogTap.start()) {
            start(HandlerExecution.EVENT_LOOP, THRESHOLD);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket fast = connect("/ws/fast", received);
            for (int i = 0; i < 50; i++) {
                fast.sendText("m" + i, true).join();
                assertThat(next(received)).isEqualTo("fast m" + i);
            }
            WebSocket slow = connect("/ws/slow", received);
            slow.sendText("once", true).join();
            assertThat(next(received)).isEqualTo("slept once");
            // The end line comes at the checker's first look after the turn: then every line is out.
            await().atMost(Duration.ofSeconds(10)).until(() -> !log.containing("is free again").isEmpty());

            List<String> warnings = log.containing("has been running one handler turn");
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("WARN").contains("parley-io").contains("threshold of 100 ms");
            assertThat(log.containing("BlockedLoopStack")).hasSize(1);
            assertThat(log.containing("java.lang.Thread.sleep(")).isNotEmpty();
            assertThat(log.containing("SleepingListener.sleepOnTheLoop")).hasSize(1);
            assertThat(log.containing("SleepingListener.onText")).hasSize(1);
            assertThat(log.containing("FastListener")).isEmpty();
            String end = log.containing("is free again").get(0);
            long ranMillis = Long.parseLong(end.replaceAll(".*ran for about (\\d+) ms.*", "$1"));
            assertThat(ranMillis).isBetween(THRESHOLD.toMillis(), 3 * THRESHOLD.toMillis() + 1000);
            assertThat(server.blockedLoopReports()).isEqualTo(1);
            fast.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            slow.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    /** A handler that blocks on every message: one stack per loop per report interval, every turn counted. */
    @Test
    void aHandlerThatBlocksOnEveryMessageCannotFloodTheLog() throws Exception {
        try (LogTap log = LogTap.start()) {
            start(HandlerExecution.EVENT_LOOP, THRESHOLD);
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket slow = connect("/ws/slow", received);
            for (int i = 0; i < 4; i++) {
                slow.sendText("m" + i, true).join();
                assertThat(next(received)).isEqualTo("slept m" + i);
            }
            // A turn is counted at the checker's first look past the threshold; one may have been missed on a
            // machine so busy that the checker itself did not run for a threshold (not counted, by design).
            await().atMost(Duration.ofSeconds(10)).until(() -> server.blockedLoopReports() >= 3);
            assertThat(log.containing("has been running one handler turn")).hasSize(1);
            assertThat(log.containing("BlockedLoopStack")).hasSize(1);
            slow.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    @Test
    void onlyEventLoopHandlersStartAChecker() throws Exception {
        for (HandlerExecution execution : List.of(HandlerExecution.AUTO, HandlerExecution.THREAD_POOL)) {
            start(execution, THRESHOLD);
            assertThat(checkerRunning()).as(execution.name()).isFalse();
            server.stop();
        }
        start(HandlerExecution.EVENT_LOOP, Duration.ZERO);
        assertThat(checkerRunning()).as("EVENT_LOOP, disabled").isFalse();
        server.stop();
        start(HandlerExecution.EVENT_LOOP, THRESHOLD);
        assertThat(checkerRunning()).as("EVENT_LOOP").isTrue();
        server.stop();
        assertThat(checkerRunning()).as("after stop").isFalse();
        server = null;
    }

    @Test
    void theDefaultsAreOneSecondAndOneStackPerLoopPerMinute() {
        ServerConfig defaults = ServerConfig.builder().build();
        assertThat(defaults.handlerExecution()).isEqualTo(HandlerExecution.AUTO);
        assertThat(defaults.blockedLoopWarning()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.blockedLoopReportInterval()).isEqualTo(Duration.ofSeconds(60));
    }
}
