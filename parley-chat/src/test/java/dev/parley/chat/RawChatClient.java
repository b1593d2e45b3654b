package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A chat connection spoken by hand over the JDK's WebSocket client (Engine.IO v4 text packets, Socket.IO v5
 * JSON), so that a test can count the bytes the server sends to one user: every packet is kept as received,
 * with its size in UTF-8. Answers pings itself.
 */
final class RawChatClient implements AutoCloseable {
    /** One Engine.IO packet as received, and its size on the wire (UTF-8 bytes of the text frame). */
    record Packet(String text, int bytes) {
    }

    private final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private final WebSocket ws;

    private RawChatClient(String serverUrl) throws Exception {
        URI uri = URI.create(serverUrl.replaceFirst("^http", "ws") + "/socket.io/?EIO=4&transport=websocket");
        ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (text.equals("2")) {
                        socket.sendText("3", true);
                    } else {
                        packets.add(new Packet(text, text.getBytes(StandardCharsets.UTF_8).length));
                    }
                }
                socket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    /** Opens a connection and logs in as a new user with this nickname. */
    static RawChatClient register(String serverUrl, String nickname) throws Exception {
        RawChatClient client = new RawChatClient(serverUrl);
        assertThat(client.next().text()).startsWith("0{");
        client.send("40{\"nickname\":\"" + nickname + "\"}");
        assertThat(client.next().text()).startsWith("40{");
        return client;
    }

    void send(String packet) {
        ws.sendText(packet, true).join();
    }

    Packet next() throws InterruptedException {
        Packet p = packets.poll(10, TimeUnit.SECONDS);
        assertThat(p).as("a packet within 10 s").isNotNull();
        return p;
    }

    /** Bytes of the packets received up to and including the first that starts with {@code prefix} and contains {@code marker}. */
    int bytesUntil(String prefix, String marker) throws InterruptedException {
        int bytes = 0;
        Packet p;
        do {
            p = next();
            bytes += p.bytes();
        } while (!(p.text().startsWith(prefix) && p.text().contains(marker)));
        return bytes;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
