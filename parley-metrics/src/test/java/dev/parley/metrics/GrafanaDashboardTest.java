package dev.parley.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoObserver;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.socketio.SocketIoServer;
import dev.parley.websocket.WebSocketObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana/parley-dashboard.json is valid JSON, a dashboard with panels and queries, and every metric name
 * its queries use is in a real scrape of {@link ParleyMetrics} once each observer has seen one event of each
 * kind (the meters that appear on first use, too). docs/operations.md names every metric of that scrape.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../docs/grafana/parley-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:parley|jvm|process|system)_[a-z0-9_]+)\\b");

    @Test
    void everyQueryUsesMetricsOfARealScrape() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("title").asText()).isEqualTo("Parley");
        assertThat(dashboard.path("panels")).isNotEmpty();
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        dashboard.path("templating").path("list").forEach(v -> queries.add(v.path("definition").asText()));
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(scrapeAfterOneEventOfEachKind().names()).containsAll(used);
    }

    @Test
    void operationsDocNamesEveryParleyMetricOfTheScrape() throws Exception {
        String doc = Files.readString(Path.of("../docs/operations.md"));
        PrometheusText scrape = scrapeAfterOneEventOfEachKind();
        for (String name : scrape.names()) {
            String family = name.replaceAll("_(bucket|count|sum|max)$", "");
            if (name.startsWith("parley_")) {
                assertThat(doc).as("docs/operations.md names %s", family).contains("`" + family + "`");
            }
        }
    }

    @Test
    void everyMetricTheOperationsDocNamesIsInTheScrape() throws Exception {
        String doc = Files.readString(Path.of("../docs/operations.md"));
        Set<String> scraped = new TreeSet<>();
        for (String name : scrapeAfterOneEventOfEachKind().names()) {
            scraped.add(name);
            scraped.add(name.replaceAll("_(bucket|count|sum|max)$", ""));
        }
        Matcher m = Pattern.compile("`((?:parley|jvm|process|system)_[a-z0-9_]+)`").matcher(doc);
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).hasSizeGreaterThan(40);
        assertThat(scraped).containsAll(documented);
    }

    static PrometheusText scrapeAfterOneEventOfEachKind() {
        try (ParleyMetrics metrics = ParleyMetrics.create()) {
            metrics.adapterErrors(() -> 0, () -> 0);
            metrics.blockedLoops(() -> 0);
            WebSocketObserver ws = metrics.webSocketObserver();
            ws.handshakeRejected("/ws/echo", 403);
            ws.opened("/ws/echo");
            ws.messageReceived("/ws/echo");
            ws.bytesReceived("/ws/echo", 10);
            ws.messageSent("/ws/echo", 10);
            ws.handlerQueueDelay("/ws/echo", 1000);
            ws.slowConsumerClosed("/ws/echo");
            ws.closed("/ws/echo", 1000);
            EngineIoObserver engine = metrics.engineIoObserver("/socket.io/");
            engine.requestRefused("unknown_sid");
            engine.sessionOpened("polling");
            engine.upgraded();
            engine.messageReceived("websocket", 5);
            engine.messageSent("websocket", 5);
            engine.handlerQueueDelay(1000);
            engine.slowConsumerClosed();
            engine.sessionClosed("websocket", CloseReason.PING_TIMEOUT);
            SocketIoObserver socketIo = metrics.socketIoObserver();
            SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                    .engine(EngineIoConfig.builder().path("/socket.io/").build()).observer(socketIo).build());
            try {
                io.of("/");
                socketIo.socketConnected("/");
                socketIo.connectRefused("middleware");
                socketIo.broadcast("/", 1);
                socketIo.ackExpected("/");
                socketIo.ackTimedOut("/");
                socketIo.ackSettled("/");
                socketIo.socketDisconnected("/");
            } finally {
                io.close();
            }
            // GC pauses are timed from the JVM's GC notifications: the meter exists once a collection happened.
            System.gc();
            await().atMost(Duration.ofSeconds(20)).until(() -> metrics.scrape().contains("jvm_gc_pause_seconds_count"));
            return PrometheusText.parse(metrics.scrape());
        }
    }
}
