package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.testkit.Chromium;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Headless Chromium (Debian's, driven by Playwright) subscribing over its own WebSocket to {@code /ws/topics} and
 * over the official browser client (served at {@code /socket.io/socket.io.js}) to {@code /topics}: both get the
 * same events, and a page opened later resumes after the last id it was given, with no gap or duplicate.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SubscribersBrowserIT {
    private static final Page.WaitForFunctionOptions WAIT = new Page.WaitForFunctionOptions().setTimeout(15_000);
    /** Subscribes both ways to {@code topic} after {@code after} and records what arrives in {@code window.got}. */
    private static final String SUBSCRIBE = """
            ({ topic, after }) => {
              window.got = { ws: [], sio: [], state: { ws: 'connecting', sio: 'connecting' } };
              const ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws/topics');
              ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', topic, after }));
              ws.onmessage = (message) => {
                const m = JSON.parse(message.data);
                if (m.type === 'event') { window.got.ws.push(m.id + ':' + JSON.stringify(m.data)); }
                else if (m.type === 'gap') { window.got.ws.push('gap'); }
                else { window.got.state.ws = m.type; }
              };
              const socket = io('/topics');
              socket.on('connect', () => socket.emit('topic:subscribe', { topic, after },
                  (answer) => { window.got.state.sio = answer.ok ? 'subscribed' : answer.error; }));
              socket.on('topic:event', (e) => window.got.sio.push(e.id + ':' + JSON.stringify(e.data)));
              socket.on('topic:gap', () => window.got.sio.push('gap'));
            }""";

    private static Chromium chromium;
    private static Topics topics;
    private static SocketIoServer io;
    private static ParleyServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        chromium = Chromium.launch();
        topics = Topics.create(PushConfig.defaults());
        io = new SocketIoServer(SocketIoConfig.builder().build());
        SocketIoSubscribers.attach(io, topics, SubscribeAuthorizer.PUBLIC, SubscriberOptions.defaults());
        ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).build();
        server = new ParleyServer(config)
                .addEndpoint(WebSocketSubscribers.endpoint(topics, SubscribeAuthorizer.PUBLIC, config.webSocket()))
                .addEngineIo(io.engine())
                .pagesFromClasspath("dev/parley/push/browser")
                .start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
            io.close();
            topics.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void bothTransportsDeliverInOrderAndALaterPageResumes() {
        try (BrowserContext context = chromium.browser().newContext()) {
            Page first = subscribedPage(context, "browser", -1);
            TopicEvent one = topics.publish("browser", "{\"n\":1,\"text\":\"héllo ✓\"}");
            TopicEvent two = topics.publish("browser", "[2]");
            List<String> expected = List.of(one.id() + ":{\"n\":1,\"text\":\"héllo ✓\"}", two.id() + ":[2]");
            assertThat(received(first, "ws", 2)).isEqualTo(expected);
            assertThat(received(first, "sio", 2)).isEqualTo(expected);

            TopicEvent three = topics.publish("browser", "3");
            Page later = subscribedPage(context, "browser", two.id());
            TopicEvent four = topics.publish("browser", "4");
            List<String> resumed = List.of(three.id() + ":3", four.id() + ":4");
            assertThat(received(later, "ws", 2)).isEqualTo(resumed);
            assertThat(received(later, "sio", 2)).isEqualTo(resumed);
        }
    }

    private static Page subscribedPage(BrowserContext context, String topic, long after) {
        Page page = context.newPage();
        page.navigate(server.url() + "/");
        page.addScriptTag(new Page.AddScriptTagOptions().setUrl("/socket.io/socket.io.js"));
        // A double carries an id exactly (ids stay below 2^53, JavaScript's safe integers); Playwright takes no long.
        page.evaluate(SUBSCRIBE, java.util.Map.of("topic", topic, "after", (double) after));
        page.waitForFunction("() => window.got.state.ws === 'subscribed' && window.got.state.sio === 'subscribed'",
                null, WAIT);
        return page;
    }

    @SuppressWarnings("unchecked")
    private static List<String> received(Page page, String transport, int count) {
        page.waitForFunction("([t, n]) => window.got[t].length >= n", List.of(transport, count), WAIT);
        return (List<String>) page.evaluate("(t) => window.got[t]", transport);
    }
}
