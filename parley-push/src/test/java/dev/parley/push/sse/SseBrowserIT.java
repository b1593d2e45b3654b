package dev.parley.push.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.push.PushConfig;
import dev.parley.push.TopicEvent;
import dev.parley.push.Topics;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.Chromium;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Chromium's own {@code EventSource} (Debian's Chromium driven by Playwright): it receives the events, and
 * after the server ends its stream it reconnects by itself with {@code Last-Event-ID} and gets what was
 * published while it was away.
 */
class SseBrowserIT {
    @Test
    void eventSourceResumesAfterAServerSideDisconnectWithLastEventId() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        CountDownLatch published = new CountDownLatch(1);
        try (Topics topics = Topics.create(PushConfig.defaults());
                Chromium chromium = Chromium.launch()) {
            ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
            SseSubscribers sse = SseSubscribers.mount(server, topics, SseOptions.builder().retry(Duration.ofMillis(200))
                    .authorizer((topic, token) -> {
                        // The reconnection waits here until the event it must get from the history is published:
                        // that event can then reach the browser only by resuming after its Last-Event-ID.
                        if (connections.incrementAndGet() == 2) {
                            awaitLatch(published);
                        }
                        return true;
                    }).build());
            server.start();
            try (BrowserContext context = chromium.browser().newContext()) {
                Page page = context.newPage();
                page.navigate(server.url() + "/any-page-of-this-origin");
                page.evaluate("""
                        () => {
                          window.got = []; window.opens = 0;
                          const source = new EventSource('/sse?topic=browser');
                          source.onopen = () => window.opens++;
                          source.onmessage = (e) => window.got.push({ lastEventId: e.lastEventId, event: JSON.parse(e.data) });
                        }""");
                page.waitForFunction("() => window.opens === 1");
                TopicEvent first = topics.publish("browser", "{\"n\":1}");
                TopicEvent second = topics.publish("browser", "{\"n\":2}");
                page.waitForFunction("() => window.got.length === 2");

                sse.closeStreams();
                await().until(() -> connections.get() == 2); // the browser is back, held in the authorizer
                TopicEvent whileAway = topics.publish("browser", "{\"n\":3}");
                published.countDown();
                page.waitForFunction("() => window.opens === 2");
                TopicEvent live = topics.publish("browser", "{\"n\":4}");
                page.waitForFunction("() => window.got.length === 4");

                @SuppressWarnings("unchecked")
                List<Map<String, Object>> got = (List<Map<String, Object>>) page.evaluate("() => window.got");
                List<TopicEvent> expected = List.of(first, second, whileAway, live);
                for (int i = 0; i < 4; i++) {
                    TopicEvent event = expected.get(i);
                    assertThat(got.get(i).get("lastEventId")).isEqualTo(Long.toString(event.id()));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> json = (Map<String, Object>) got.get(i).get("event");
                    assertThat(json).containsEntry("topic", "browser").containsEntry("data", Map.of("n", i + 1));
                    assertThat(((Number) json.get("id")).longValue()).isEqualTo(event.id());
                }
            } finally {
                server.stop();
                sse.close();
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
