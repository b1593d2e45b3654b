package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Application routes: prefix matching, bodies and their limits, errors. */
class HttpRouteIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).maxRequestBodySize(1000).build())
                .addHttpRoute("/api", 100, request -> HttpResponse.json(200, "{\"path\":\"" + request.path()
                        + "\",\"q\":\"" + request.queryParam("q").orElse("") + "\",\"len\":" + request.body().length + "}"))
                .addHttpRoute("/api/upload", 5000, request -> HttpResponse.text(201, "got " + request.body().length)
                        .withHeader("X-Test", request.method()))
                .addHttpRoute("/boom", 10, request -> {
                    throw new IllegalStateException("secret detail");
                })
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + path)).build(), BodyHandlers.ofString());
    }

    private java.net.http.HttpResponse<String> post(String path, int size) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(BodyPublishers.ofByteArray(new byte[size])).build(), BodyHandlers.ofString());
    }

    @Test
    void longestPrefixWinsAndRequestsArriveAsPlainValues() throws Exception {
        var api = get("/api/rooms?q=x%20y");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).isEqualTo("{\"path\":\"/api/rooms\",\"q\":\"x y\",\"len\":0}");
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        var upload = post("/api/upload", 4000);
        assertThat(upload.statusCode()).isEqualTo(201);
        assertThat(upload.body()).isEqualTo("got 4000");
        assertThat(upload.headers().firstValue("X-Test")).contains("POST");
        assertThat(get("/apis").statusCode()).isEqualTo(404);
    }

    @Test
    void eachRouteHasItsOwnBodyLimit() throws Exception {
        assertThat(post("/api/x", 100).statusCode()).isEqualTo(200);
        assertThat(post("/api/x", 101).statusCode()).isEqualTo(413);
        assertThat(post("/api/upload", 5000).statusCode()).isEqualTo(201);
        assertThat(post("/api/upload", 5001).statusCode()).isEqualTo(413);
        // Outside routes, the server's limit applies.
        assertThat(post("/index.html", 1001).statusCode()).isEqualTo(413);
    }

    @Test
    void aFailingHandlerGetsA500WithoutDetails() throws Exception {
        var response = get("/boom");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret");
        assertThat(get("/api/still-ok").statusCode()).isEqualTo(200);
    }
}
