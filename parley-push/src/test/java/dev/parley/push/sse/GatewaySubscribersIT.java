package dev.parley.push.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.PushGateway;
import dev.parley.push.PushOptions;
import dev.parley.push.TopicEvent;
import dev.parley.push.polling.PollingOptions;
import dev.parley.push.polling.PollingSubscribers;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SSE and polling behind the gateway's own authorizer: a private topic needs a JWT of the gateway's secret whose
 * subscribe patterns match it, presented as a bearer header or as {@code ?token=}.
 */
class GatewaySubscribersIT {
    @Test
    void privateTopicsNeedAJwtThatAllowsThemOnBothTransports() throws Exception {
        try (PushGateway push = PushGateway.create(PushOptions.builder().jwtSecret("s".repeat(32))
                .privateTopics(List.of("user:*")).build())) {
            ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
            SseSubscribers sse = SseSubscribers.mount(server, push.topics(),
                    SseOptions.builder().authorizer(push.subscribeAuthorizer()).build());
            PollingSubscribers polling = PollingSubscribers.mount(server, push.topics(),
                    PollingOptions.builder().authorizer(push.subscribeAuthorizer()).build());
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String alice = push.issueJwt(List.of(), List.of("user:alice"), Duration.ofMinutes(5));
                String base = server.url();
                assertThat(status(http, base + "/sse?topic=user:alice")).isEqualTo(401);
                assertThat(status(http, base + "/sse?topic=user:bob&token=" + alice)).isEqualTo(403);
                assertThat(status(http, base + "/api/topics/user:bob/events?token=" + alice)).isEqualTo(403);
                assertThat(status(http, base + "/api/topics/news/events")).isEqualTo(200); // public

                HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/sse?topic=user:alice&token=" + alice)).build(), BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                try (SseReader reader = new SseReader(stream.body())) {
                    TopicEvent event = push.publish("user:alice", "{\"hi\":true}");
                    assertThat(reader.nextWithData().id()).isEqualTo(Long.toString(event.id()));
                    HttpResponse<String> poll = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/topics/user:alice/events?after=0"))
                            .header("Authorization", "Bearer " + alice).build(), BodyHandlers.ofString());
                    assertThat(poll.statusCode()).isEqualTo(200);
                    assertThat(poll.body()).contains("\"id\":" + event.id());
                }
            } finally {
                server.stop();
                sse.close();
                polling.close();
            }
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.discarding()).statusCode();
    }
}
