package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.NodeProcess;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.CloseCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /ws/topics} against Node's {@code ws} (pinned in parley-testkit/node, driven by {@code push-ws-peer.mjs}):
 * the protocol as a browser-like client library speaks it, resumption, and the close codes it sees for bad input.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeWsSubscribersIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Topics topics;
    private static ParleyServer server;
    private static NodeProcess node;

    @BeforeAll
    static void start() throws InterruptedException {
        NodeScripts.installedDirectory();
        topics = Topics.create(PushConfig.defaults());
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        server = new ParleyServer(config)
                .addEndpoint(WebSocketSubscribers.endpoint(topics, WebSocketSubscribersIT.AUTHORIZER, config.webSocket()))
                .start();
        node = NodeProcess.start(Map.of(), "push-ws-peer.mjs",
                "ws://127.0.0.1:" + server.port() + WebSocketSubscribers.PATH);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        node.close();
        server.stop();
        topics.close();
    }

    @Test
    void subscribesResumesAndReceivesLiveEvents() throws Exception {
        List<TopicEvent> before = List.of(topics.publish("node-ws", "[1]"), topics.publish("node-ws", "[2]"));
        connect("a", "?token=" + WebSocketSubscribersIT.TOKEN);
        send("a", "{\"type\":\"subscribe\",\"topic\":\"private:node-ws\"}");
        assertThat(message("a")).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"private:node-ws\"}");
        send("a", "{\"type\":\"subscribe\",\"topic\":\"node-ws\",\"after\":" + before.get(0).id() + "}");
        assertThat(message("a")).isEqualTo("{\"type\":\"subscribed\",\"topic\":\"node-ws\"}");
        assertThat(message("a")).isEqualTo(eventText(before.get(1)));
        TopicEvent live = topics.publish("node-ws", "{\"live\":true}");
        TopicEvent privateEvent = topics.publish("private:node-ws", "\"secret\"");
        assertThat(message("a")).isEqualTo(eventText(live));
        assertThat(message("a")).isEqualTo(eventText(privateEvent));
    }

    @Test
    void invalidJsonIsClosedWith1007AndBinaryWith1003() throws Exception {
        connect("bad-json", "");
        send("bad-json", "subscribe prices");
        assertThat(close("bad-json")).isEqualTo(CloseCodes.INVALID_PAYLOAD);
        connect("binary", "");
        node.send("{\"cmd\":\"sendBinary\",\"name\":\"binary\"}");
        assertThat(close("binary")).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    }

    private static String eventText(TopicEvent event) {
        return "{\"type\":\"event\",\"topic\":\"" + event.topic() + "\",\"id\":" + event.id() + ",\"data\":"
                + event.data() + "}";
    }

    private void connect(String name, String query) throws Exception {
        node.send(JSON.writeValueAsString(Map.of("cmd", "connect", "name", name, "query", query)));
        assertThat(next(name).get("ev").asText()).isEqualTo("open");
    }

    private void send(String name, String text) throws Exception {
        node.send(JSON.writeValueAsString(Map.of("cmd", "send", "name", name, "text", text)));
    }

    private String message(String name) throws Exception {
        JsonNode observation = next(name);
        assertThat(observation.get("ev").asText()).as(observation.toString()).isEqualTo("message");
        return observation.get("data").asText();
    }

    private int close(String name) throws Exception {
        JsonNode observation = next(name);
        assertThat(observation.get("ev").asText()).as(observation.toString()).isEqualTo("close");
        return observation.get("code").asInt();
    }

    private JsonNode next(String name) throws Exception {
        return JSON.readTree(node.await(line -> line.contains("\"name\":\"" + name + "\""), WAIT));
    }
}
