package dev.parley.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Socket.IO client on the main namespace over Engine.IO v4 long-polling, written against the protocol
 * documents with the JDK's HttpClient: enough to see what a process under test sends, without a client
 * library on the test classpath. Packets are the text the server wrote ({@code 42["news","hi"]}).
 * Used by one test thread.
 */
final class PollingSocketIoClient {
    /** Engine.IO v4 polling separates packets in a payload with the record separator. */
    private static final String SEPARATOR = "\u001e";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    /** A poll waits at most one ping interval (25 s by default), when the server sends a ping. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(40);
    /** How long {@link #await} keeps polling for a packet that does not come. */
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;
    private final Deque<String> received = new ArrayDeque<>();

    private PollingSocketIoClient(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Opens an Engine.IO session on {@code serverUrl/socket.io/} and joins the main namespace. */
    static PollingSocketIoClient connect(String serverUrl) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String open = http.send(HttpRequest.newBuilder(URI.create(serverUrl + "socket.io/?EIO=4&transport=polling"))
                .timeout(POLL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher sid = SID.matcher(open);
        if (!open.startsWith("0") || !sid.find()) {
            throw new IOException("not an Engine.IO open packet: " + open);
        }
        PollingSocketIoClient client = new PollingSocketIoClient(
                serverUrl + "socket.io/?EIO=4&transport=polling&sid=" + sid.group(1));
        client.send("40");
        client.await("40");
        return client;
    }

    /** Posts one packet (Engine.IO message {@code 4} + Socket.IO packet). */
    void send(String packet) throws IOException, InterruptedException {
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(POLL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(packet)).build(), HttpResponse.BodyHandlers.ofString());
        if (!ok.body().equals("ok")) {
            throw new IOException("POST " + packet + " answered " + ok.statusCode() + " " + ok.body());
        }
    }

    /** Polls until a packet starting with {@code prefix} arrives and returns it; pings are answered. */
    String await(String prefix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            while (!received.isEmpty()) {
                String packet = received.poll();
                if (packet.equals("2")) {
                    send("3");
                } else if (packet.startsWith(prefix)) {
                    return packet;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no packet starting with " + prefix + " within " + GIVE_UP.toSeconds() + " s");
            }
            String payload = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(POLL_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (payload.startsWith("1")) {
                throw new IOException("the server closed the session while waiting for " + prefix);
            }
            received.addAll(Arrays.asList(payload.split(SEPARATOR)));
        }
    }
}
