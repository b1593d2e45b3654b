package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat's secrets and origin check (docs/chat.md, "Origin" and "Secrets") against real clients: the
 * official Java Socket.IO client, raw Engine.IO polling and the JDK HttpClient. The throttle's clock is
 * injected: windows pass without sleeping.
 */
class ChatSecurityIT {
    private static final String PUSH_TOKEN = "push-secret-for-tests";
    private static final int FAILURES = 3;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int ADDRESSES = 50;
    /** Registrations per address and window; the origin test registers 4 users from loopback. */
    private static final int REGISTRATIONS = 5;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Socket> clients = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private Path dataDir;
    private ParleyChat chat;
    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("parley-chat-security");
        chat = ParleyChat.open(ChatConfig.builder().dataDir(dataDir).pushToken(PUSH_TOKEN)
                        .authThrottle(FAILURES, WINDOW, ADDRESSES).registrationLimit(REGISTRATIONS, WINDOW).build(),
                SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build(),
                clock::get);
        // Loopback is a trusted proxy, so that X-Forwarded-For can play many client addresses.
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).trustedProxies(List.of("127.0.0.1"))
                .build());
        chat.mount(server);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Socket::close);
        server.stop();
        chat.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }

    // ---- Origin ----

    @Test
    void aPageFromAnotherOriginCannotConnectOverPollingOrWebSocket() throws Exception {
        for (String transport : new String[] {"websocket", "polling"}) {
            assertThat(outcome(transport, "http://evil.example")).as(transport).startsWith("refused");
            // Another port of the same host is another origin (RFC 6454), and so is another scheme.
            assertThat(outcome(transport, server.url().replace("http:", "https:"))).as(transport).startsWith("refused");
            assertThat(outcome(transport, server.url())).as(transport).isEqualTo("connected");
            assertThat(outcome(transport, null)).as(transport + " without Origin (not a browser)").isEqualTo("connected");
        }
        HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/socket.io/?EIO=4&transport=polling")).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(403);
        assertThat(handshake.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    }

    /** Connects a new user over one transport with the given Origin header (or none). */
    private String outcome(String transport, String origin) throws Exception {
        IO.Options options = options(Map.of("nickname", "u" + Long.toHexString(System.nanoTime()).substring(4)));
        options.transports = new String[] {transport};
        if (origin != null) {
            options.extraHeaders = Map.of("Origin", List.of(origin));
        }
        Socket socket = IO.socket(URI.create(server.url()), options);
        clients.add(socket);
        CompletableFuture<String> result = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> result.complete("connected"));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> result.complete("refused: " + a[0]));
        socket.connect();
        try {
            return result.get(10, TimeUnit.SECONDS);
        } finally {
            socket.close();
        }
    }

    // ---- session tokens ----

    @Test
    void aTokenTheClientChoseIsNoIdentity() throws Exception {
        String chosen = "0f8fad5b-d9cb-469f-a165-70867728950e";
        assertThat(connectError(Map.of("token", chosen, "nickname", "mallory")).getJSONObject("data").getString("code"))
                .isEqualTo("token_invalid");
        String wellFormed = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[24]);
        assertThat(connectError(Map.of("token", wellFormed)).getJSONObject("data").getString("code"))
                .isEqualTo("token_invalid");
        // The nickname was not taken by the refused attempt; a nickname alone gets a server-issued token.
        String issued = register("mallory");
        assertThat(issued).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(chosen);
        assertThat(connect(Map.of("token", issued)).connected()).isTrue();
    }

    @Test
    void anUnknownTokenAndAKnownOneWithTheWrongSecretGetByteIdenticalReplies() throws Exception {
        String issued = register("alice");
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] raw = Base64.getUrlDecoder().decode(issued);
        raw[20] ^= 1; // the same selector, a secret one bit off
        String wrongSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        // Socket.IO, at the byte level: the CONNECT_ERROR packet of each, over raw polling.
        String unknownReply = rawConnect("{\"token\":\"" + unknown + "\"}", "10.0.0.1");
        assertThat(unknownReply).startsWith("44{");
        assertThat(rawConnect("{\"token\":\"" + wrongSecret + "\"}", "10.0.0.2")).isEqualTo(unknownReply);
        assertThat(rawConnect("{\"token\":\"short\"}", "10.0.0.3")).isEqualTo(unknownReply);

        // HTTP: the upload's 401, and the announcement's for a missing, a wrong and a nearly right token.
        HttpResponse<String> upload = upload(unknown, "10.0.1.1");
        assertThat(upload.statusCode()).isEqualTo(401);
        assertSameReply(upload(wrongSecret, "10.0.1.2"), upload);
        HttpResponse<String> missing = announce(null, "10.0.2.1");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertSameReply(announce("Bearer wrong", "10.0.2.2"), missing);
        assertSameReply(announce("Bearer " + PUSH_TOKEN.substring(0, PUSH_TOKEN.length() - 1), "10.0.2.3"), missing);
        assertSameReply(announce("Basic " + PUSH_TOKEN, "10.0.2.4"), missing);
    }

    private static void assertSameReply(HttpResponse<String> actual, HttpResponse<String> expected) {
        assertThat(actual.statusCode()).isEqualTo(expected.statusCode());
        assertThat(actual.body()).isEqualTo(expected.body());
        Map<String, List<String>> a = new HashMap<>(actual.headers().map());
        Map<String, List<String>> e = new HashMap<>(expected.headers().map());
        a.remove("date");
        e.remove("date");
        assertThat(a).isEqualTo(e);
    }

    // ---- throttle ----

    @Test
    void wrongAnnounceTokensThrottleTheAddressUntilTheWindowPasses() throws Exception {
        String body = "{\"text\":\"Deploy at 6\"}";
        for (int i = 0; i < FAILURES; i++) {
            assertThat(announce("Bearer guess-" + i, body, "10.1.0.1").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = announce("Bearer " + PUSH_TOKEN, body, "10.1.0.1");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(new JSONObject(throttled.body()).getString("code")).isEqualTo("rate_limited");
        assertThat(throttled.headers().firstValue("Retry-After")).contains("60");
        // Another address is not affected.
        assertThat(announce("Bearer " + PUSH_TOKEN, body, "10.1.0.2").statusCode()).isEqualTo(201);

        clock.addAndGet(WINDOW.toNanos() - 1);
        assertThat(announce("Bearer " + PUSH_TOKEN, body, "10.1.0.1").statusCode()).isEqualTo(429);
        clock.addAndGet(1);
        assertThat(announce("Bearer " + PUSH_TOKEN, body, "10.1.0.1").statusCode()).isEqualTo(201);
    }

    @Test
    void wrongSessionTokensThrottleTheAddressOnSocketIoAndHttp() throws Exception {
        String issued = register("bob");
        for (int i = 0; i < FAILURES; i++) {
            assertThat(rawConnect("{\"token\":\"" + "A".repeat(31) + i + "\"}", "10.2.0.1")).contains("token_invalid");
        }
        String throttled = rawConnect("{\"token\":\"" + issued + "\"}", "10.2.0.1");
        assertThat(throttled).startsWith("44{").contains("\"code\":\"rate_limited\"");
        assertThat(upload(issued, "10.2.0.1").statusCode()).isEqualTo(429);
        assertThat(rawConnect("{\"token\":\"" + issued + "\"}", "10.2.0.2")).startsWith("40{");

        clock.addAndGet(WINDOW.toNanos());
        assertThat(rawConnect("{\"token\":\"" + issued + "\"}", "10.2.0.1")).startsWith("40{");
        assertThat(upload(issued, "10.2.0.1").statusCode()).isEqualTo(201);
    }

    @Test
    void theThrottleTableStaysBoundedUnderManyAddresses() throws Exception {
        for (int i = 0; i < ADDRESSES * 4; i++) {
            assertThat(announce("Bearer wrong", "10.3." + (i / 250) + "." + (i % 250)).statusCode()).isEqualTo(401);
        }
        assertThat(chat.authThrottle().size()).isEqualTo(ADDRESSES);
    }

    // ---- registrations ----

    @Test
    void registrationsAreLimitedPerAddressUntilTheWindowPasses() throws Exception {
        String address = "10.4.0.1";
        for (int i = 0; i < REGISTRATIONS - 1; i++) {
            assertThat(rawConnect("{\"nickname\":\"user" + i + "\"}", address)).as("registration %d", i).startsWith("40{");
        }
        // A taken nickname counts too: the limit also bounds how fast one address can probe nicknames.
        assertThat(rawConnect("{\"nickname\":\"USER0\"}", address)).contains("\"code\":\"nickname_taken\"");
        String refused = rawConnect("{\"nickname\":\"one-more\"}", address);
        assertThat(refused).isEqualTo("44{\"message\":\"Too many new nicknames from your address: try again later\","
                + "\"data\":{\"code\":\"registration_limited\"}}");
        // Nothing was stored for the refused one: another address may take the nickname.
        assertThat(rawConnect("{\"nickname\":\"one-more\"}", "10.4.0.2")).startsWith("40{");
        // Returning users (with a token) are not registrations.
        String issued = register("tokenholder");
        assertThat(rawConnect("{\"token\":\"" + issued + "\"}", address)).startsWith("40{");

        clock.addAndGet(WINDOW.toNanos() - 1);
        assertThat(rawConnect("{\"nickname\":\"still-no\"}", address)).isEqualTo(refused);
        clock.addAndGet(1);
        assertThat(rawConnect("{\"nickname\":\"now-yes\"}", address)).startsWith("40{");
    }

    @Test
    void theOfficialClientIsToldWhyItsRegistrationIsRefused() throws Exception {
        // The official client connects from loopback: its address's registrations run out like any other.
        for (int i = 0; i < REGISTRATIONS; i++) {
            assertThat(register("java" + i)).matches("[A-Za-z0-9_-]{32}");
        }
        JSONObject error = connectError(Map.of("nickname", "java-extra"));
        assertThat(error.getString("message")).isEqualTo("Too many new nicknames from your address: try again later");
        assertThat(error.getJSONObject("data").getString("code")).isEqualTo("registration_limited");
    }

    @Test
    void theRegistrationTableStaysBoundedUnderManyAddresses() throws Exception {
        for (int i = 0; i < ADDRESSES * 3; i++) {
            assertThat(rawConnect("{\"nickname\":\"n" + i + "\"}", "10.5." + (i / 250) + "." + (i % 250)))
                    .startsWith("40{");
        }
        assertThat(chat.registrations().size()).isEqualTo(ADDRESSES);
    }

    // ---- helpers ----

    private IO.Options options(Map<String, String> auth) {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        options.auth = auth;
        return options;
    }

    private record Outcome(boolean connected, JSONObject error) {
    }

    private Outcome connect(Map<String, String> auth) throws Exception {
        Socket socket = IO.socket(URI.create(server.url()), options(auth));
        clients.add(socket);
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> result.complete(new Outcome(true, null)));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> result.complete(new Outcome(false, (JSONObject) a[0])));
        socket.connect();
        return result.get(10, TimeUnit.SECONDS);
    }

    private JSONObject connectError(Map<String, String> auth) throws Exception {
        Outcome outcome = connect(auth);
        assertThat(outcome.connected()).as("refused").isFalse();
        return outcome.error();
    }

    /** Registers a nickname; returns the token the server issued in {@code session}. */
    private String register(String nickname) throws Exception {
        Socket socket = IO.socket(URI.create(server.url()), options(Map.of("nickname", nickname)));
        clients.add(socket);
        CompletableFuture<String> token = new CompletableFuture<>();
        socket.on("session", a -> token.complete(((JSONObject) a[0]).optString("token")));
        socket.connect();
        String issued = token.get(10, TimeUnit.SECONDS);
        socket.close();
        return issued;
    }

    /**
     * Engine.IO polling by hand, as the client at {@code address} (through the trusted proxy header): the
     * handshake, then a Socket.IO CONNECT with this auth payload; returns the server's answer packet as sent.
     */
    private String rawConnect(String authJson, String address) throws Exception {
        String base = server.url() + "/socket.io/?EIO=4&transport=polling";
        String open = http.send(HttpRequest.newBuilder(URI.create(base)).header("X-Forwarded-For", address).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String sid = new JSONObject(open.substring(1)).getString("sid");
        URI session = URI.create(base + "&sid=" + sid);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(session).header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("40" + authJson)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).isEqualTo("ok");
        String reply = http.send(HttpRequest.newBuilder(session).header("X-Forwarded-For", address).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        // A successful CONNECT answer carries the socket's random id: keep only the packet type for it.
        return reply.startsWith("40{") ? "40{" : reply.split("\u001e")[0];
    }

    private HttpResponse<String> upload(String token, String address) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/files"))
                .header("X-Chat-Token", token).header("X-File-Name", "a.txt").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> announce(String authorization, String address) throws Exception {
        return announce(authorization, "{\"text\":\"hi\"}", address);
    }

    private HttpResponse<String> announce(String authorization, String body, String address) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/api/announce"))
                .header("X-Forwarded-For", address).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
