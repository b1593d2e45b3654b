package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Uploads expire after {@code uploadRetention} (issue 17 §1.11): with the JDK HttpClient and the official Java
 * client, an uploaded file is served, then after the retention (300 ms here; a sweep every 300 ms, awaited,
 * never slept) its bytes and metadata are gone (404), and the message that carried it stays, without it.
 */
class ChatUploadRetentionIT extends ChatTestBase {
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected ChatConfig.Builder configure(ChatConfig.Builder builder) {
        return builder.uploadRetention(Duration.ofMillis(300));
    }

    @Test
    void anUploadOlderThanTheRetentionIsDeletedItsMessageStays() throws Exception {
        Login alice = register("alice");
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", alice.token()).POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(201);
        JSONObject file = new JSONObject(upload.body());
        Socket socket = alice.socket();
        call(socket, "room:join", json("room", "general"));
        JSONObject sent = call(socket, "message:send", json("room", "general", "text", "see file", "clientId", "f-1",
                "fileId", file.getString("id")));
        assertThat(sent.getJSONObject("message").has("file")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> status(file.getString("url")) == 404);
        assertThat(Files.exists(dataDir.resolve("files").resolve(file.getString("id")))).isFalse();
        JSONObject kept = call(socket, "history", json("room", "general")).getJSONArray("messages").getJSONObject(0);
        assertThat(kept.getString("text")).isEqualTo("see file");
        assertThat(kept.has("file")).isFalse();
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
